using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Moderation.Security;
using Moderation.Storage;
using Npgsql;

namespace Moderation.Cli;

/// keys create|list|revoke, against the host's database: ConnectionStrings__Moderation when set, otherwise the
/// private cluster in Moderation__Database__DataDirectory or .data/postgres, whether or not the host is running on it.
static class KeysCommand
{
    public const string Usage =
        """
        keys create --role scorer|moderator|trainer|admin --name NAME   create a key; the key is the last word printed
        keys list                                                        list keys (never the keys themselves)
        keys revoke ID                                                   revoke a key
          options: --data-dir DIR (default: Moderation__Database__DataDirectory, else .data/postgres),
                   or set ConnectionStrings__Moderation
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            return await RunVerbAsync(args);
        }
        catch (Exception ex) when (ex is InvalidOperationException or NpgsqlException)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
    }

    static async Task<int> RunVerbAsync(string[] args)
    {
        var verb = args.FirstOrDefault();
        if (verb is not ("create" or "list" or "revoke"))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        var options = Options.Parse(args[1..]);
        await using var postgres = await StartDatabaseAsync(
            options.Get("--data-dir") ?? Environment.GetEnvironmentVariable("Moderation__Database__DataDirectory") ?? ".data/postgres");
        await using var db = NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("ConnectionStrings__Moderation") is { Length: > 0 } configured ? configured : postgres!.ConnectionString);
        await Migrator.ApplyAsync(db, NullLogger.Instance, CancellationToken.None);
        var keys = new ApiKeyStore(db);

        switch (verb)
        {
            case "create":
                var role = options.Get("--role");
                var name = options.Get("--name");
                if (role is null || name is null || !ApiRoles.All.Contains(role))
                {
                    Console.Error.WriteLine($"keys create needs --role ({string.Join(", ", ApiRoles.All)}) and --name.");
                    return 2;
                }
                var (info, key) = await keys.CreateAsync(name, role, CancellationToken.None);
                Console.WriteLine($"Created key {info.Id} '{info.Name}' with role {info.Role}. It is shown only now; store it:");
                Console.WriteLine(key);
                return 0;
            case "list":
                Console.WriteLine($"{"id",5}  {"role",-9}  {"created (UTC)",-19}  {"revoked (UTC)",-19}  name");
                foreach (var k in await keys.ListAsync(CancellationToken.None))
                    Console.WriteLine($"{k.Id,5}  {k.Role,-9}  {k.CreatedAt:yyyy-MM-dd HH:mm:ss}  {(k.RevokedAt is { } r ? r.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) : "-"),-19}  {k.Name}");
                return 0;
            default:
                if (args.Length < 2 || !long.TryParse(args[1], out var id))
                {
                    Console.Error.WriteLine("keys revoke needs the key's id (see keys list).");
                    return 2;
                }
                if (!await keys.RevokeAsync(id, CancellationToken.None))
                {
                    Console.Error.WriteLine($"There is no active key {id}.");
                    return 1;
                }
                Console.WriteLine($"Revoked key {id}.");
                return 0;
        }
    }

    static async Task<EmbeddedPostgres?> StartDatabaseAsync(string dataDirectory)
    {
        if (Environment.GetEnvironmentVariable("ConnectionStrings__Moderation") is { Length: > 0 })
            return null;
        using var logging = LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        // Never create a cluster here: a key in a database the host does not use would only ever get 401s.
        return await EmbeddedPostgres.StartAsync(dataDirectory, logging.CreateLogger("database"), create: false);
    }

    sealed class Options(Dictionary<string, string> values)
    {
        public string? Get(string name) => values.GetValueOrDefault(name);

        public static Options Parse(string[] args)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i + 1 < args.Length; i += 2)
                if (args[i].StartsWith("--", StringComparison.Ordinal))
                    values[args[i]] = args[i + 1];
            return new Options(values);
        }
    }
}
