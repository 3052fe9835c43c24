using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Moderation.Storage;
using Npgsql;

namespace Moderation.Security;

public static class ApiRoles
{
    public const string Scorer = "scorer";
    public const string Moderator = "moderator";
    public const string Trainer = "trainer";
    public const string Admin = "admin";

    public static readonly string[] All = [Scorer, Moderator, Trainer, Admin];
}

public sealed record ApiKeyInfo(long Id, string Name, string Role, DateTime CreatedAt, DateTime? RevokedAt);

/// Keys are 32 random bytes; only their SHA-256 is stored. A slow hash would buy nothing against guessing
/// 256 random bits and would cost every scoring request.
public sealed class ApiKeyStore(NpgsqlDataSource db)
{
    const string Prefix = "mod_";

    public async Task<(ApiKeyInfo Info, string Key)> CreateAsync(string name, string role, CancellationToken ct)
    {
        if (!ApiRoles.All.Contains(role))
            throw new ArgumentException($"role must be one of {string.Join(", ", ApiRoles.All)}.", nameof(role));
        var key = Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        await using var conn = await db.OpenConnectionAsync(ct);
        var info = await conn.QuerySingleAsync<ApiKeyInfo>(new CommandDefinition(
            """
            INSERT INTO api_keys (name, role, key_hash) VALUES (@name, @role, @hash)
            RETURNING id, name, role, created_at, revoked_at
            """, new { name = StoredText.Clean(name), role, hash = Hash(key) }, cancellationToken: ct));
        return (info, key);
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return [.. await conn.QueryAsync<ApiKeyInfo>(new CommandDefinition(
            "SELECT id, name, role, created_at, revoked_at FROM api_keys ORDER BY id", cancellationToken: ct))];
    }

    /// False when there is no such active key.
    public async Task<bool> RevokeAsync(long id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE api_keys SET revoked_at = now() WHERE id = @id AND revoked_at IS NULL", new { id }, cancellationToken: ct)) == 1;
    }

    public async Task<ApiKeyInfo?> FindActiveAsync(string key, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<ApiKeyInfo>(new CommandDefinition(
            "SELECT id, name, role, created_at, revoked_at FROM api_keys WHERE key_hash = @hash AND revoked_at IS NULL",
            new { hash = Hash(key) }, cancellationToken: ct));
    }

    /// Whether a key was ever made, revoked ones included: revoking the last key must not reopen the API.
    public async Task<bool> AnyEverAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM api_keys)", cancellationToken: ct));
    }

    static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
