using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Moderation.Storage;

/// Applies the numbered .sql files embedded in this assembly, in order, each once. Every process runs it at
/// start; the advisory lock makes a second process wait and then find nothing left to do.
public static class Migrator
{
    const long LockKey = 0x4d6f646572617469; // any constant shared by every process of this product

    public static IReadOnlyList<(string Version, string Sql)> Migrations { get; } = Load();

    public static async Task ApplyAsync(NpgsqlDataSource db, ILogger logger, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@LockKey)", new { LockKey }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    text PRIMARY KEY,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """, transaction: tx, cancellationToken: ct));
        var applied = (await conn.QueryAsync<string>(new CommandDefinition("SELECT version FROM schema_migrations", transaction: tx, cancellationToken: ct))).ToHashSet();
        foreach (var (version, sql) in Migrations.Where(m => !applied.Contains(m.Version)))
        {
            await conn.ExecuteAsync(new CommandDefinition(sql, transaction: tx, cancellationToken: ct));
            await conn.ExecuteAsync(new CommandDefinition("INSERT INTO schema_migrations (version) VALUES (@version)", new { version }, tx, cancellationToken: ct));
            logger.LogInformation("Applied migration {Version}", version);
        }
        await tx.CommitAsync(ct);
    }

    /// True when every embedded migration is recorded as applied.
    public static async Task<bool> IsCurrentAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var exists = await conn.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT to_regclass('schema_migrations') IS NOT NULL", cancellationToken: ct));
        if (!exists)
            return false;
        var applied = await conn.QueryAsync<string>(new CommandDefinition("SELECT version FROM schema_migrations", cancellationToken: ct));
        return Migrations.All(m => applied.Contains(m.Version));
    }

    static List<(string, string)> Load()
    {
        var assembly = typeof(Migrator).Assembly;
        const string prefix = "Migrations.";
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
                return (n[prefix.Length..^4], reader.ReadToEnd());
            })];
    }
}
