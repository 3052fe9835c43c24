using Microsoft.Extensions.Logging.Abstractions;
using Moderation.Storage;
using Npgsql;

namespace Moderation.IntegrationTests;

/// One PostgreSQL server for the whole test run: the one named by MODERATION_TEST_DB, or a throwaway cluster
/// started from the machine's binaries. Every test gets a database of its own on it, so tests run in parallel
/// and assert only on their own rows.
static class TestDatabase
{
    static readonly Lazy<Task<string>> Server = new(StartServerAsync);
    static EmbeddedPostgres? embedded;

    public static async Task<string> CreateAsync()
    {
        var serverConnectionString = await Server.Value;
        var name = "test_" + Guid.NewGuid().ToString("N");
        await using (var conn = new NpgsqlConnection(serverConnectionString))
        {
            await conn.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", conn); // name is ours, not input
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;
    }

    /// The test host may end this process before ProcessExit handlers finish, leaving a cluster running. A later
    /// run takes over each one whose owner is gone (that is what StartAsync does) and disposes it, which stops and
    /// deletes a throwaway cluster; a cluster another run still uses is left alone.
    static async Task RemoveAbandonedClustersAsync()
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), "moderation-tests-*"))
        {
            if (!File.Exists(Path.Combine(folder, "PG_VERSION")))
                continue;
            await using var abandoned = await EmbeddedPostgres.StartAsync(folder, NullLogger.Instance, throwaway: true, create: false);
        }
    }

    static async Task<string> StartServerAsync()
    {
        var configured = Environment.GetEnvironmentVariable("MODERATION_TEST_DB");
        if (!string.IsNullOrWhiteSpace(configured))
            return configured;
        try
        {
            await RemoveAbandonedClustersAsync();
            var folder = Path.Combine(Path.GetTempPath(), "moderation-tests-" + Guid.NewGuid().ToString("N")[..12]);
            embedded = await EmbeddedPostgres.StartAsync(folder, NullLogger.Instance, throwaway: true);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => embedded.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return embedded.ConnectionString;
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException(
                "The integration tests need PostgreSQL: install its binaries (apt-get install postgresql) so a throwaway " +
                "cluster can start, or set MODERATION_TEST_DB to a connection string of a server that lets them create databases.", ex);
        }
    }
}
