using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Moderation.Extraction;
using Moderation.Ingestion;
using Moderation.Queue;
using Moderation.Scoring;
using Moderation.Storage;
using Npgsql;

namespace Moderation.IntegrationTests;

public class WorkerTests
{
    static string Article(int n) =>
        $"Article number {n}\n\nThe body of article {n}.\n\n\nFirst reader comment on {n}, which is long enough to stand on its own.\n\n\nYou idiots never learn, {n}.\n";

    [Fact]
    public async Task TwoWorkersOnOneInboxIngestEveryDocumentExactlyOnce()
    {
        var database = await TestDatabase.CreateAsync();
        var inbox = TestHost.NewInbox();
        for (var n = 0; n < 40; n++)
            TestHost.Drop(inbox, $"doc-{n:D2}.txt", Article(n));

        await using var one = await TestHost.StartAsync(database, inbox);
        await using var two = await TestHost.StartAsync(database, inbox);
        var articles = await one.ArticlesWhenAsync(items => items.Length >= 40);

        Assert.Equal(40, articles.Length);
        Assert.Equal(40, articles.Select(a => a.GetProperty("source").GetString()).Distinct().Count());
        Assert.All(articles, a => Assert.Equal(2, a.GetProperty("commentCount").GetInt32()));
        var queue = await one.GetJsonAsync("/v1/queue?limit=500");
        Assert.Equal(40, queue.GetProperty("items").GetArrayLength());
        Directory.Delete(inbox, recursive: true);
    }

    [Fact]
    public async Task ACrashInTheMiddleOfADocumentLeavesNothingAndTheNextPassStoresItAll()
    {
        await using var host = await TestHost.StartAsync(worker: false);
        var seed = Path.Combine(TestHost.RepoRoot, "seeds", "000_cc06e0480e179193.txt");
        var db = host.Services.GetRequiredService<NpgsqlDataSource>();
        var policy = host.Services.GetRequiredService<FlagPolicy>();
        var crashing = new DocumentIngester(db, new CrashingClassifier(afterComments: 10), policy, DocumentFormats.Default, NullLogger<DocumentIngester>.Instance);

        await Assert.ThrowsAnyAsync<Exception>(() => crashing.IngestFileAsync(seed, CancellationToken.None));

        await using (var conn = await db.OpenConnectionAsync())
        {
            Assert.Equal(0, await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM documents"));
            Assert.Equal(0, await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM comments"));
        }
        var result = await host.Services.GetRequiredService<DocumentIngester>().IngestFileAsync(seed, CancellationToken.None);
        Assert.Equal(IngestOutcome.Ingested, result.Outcome);
        Assert.Equal(31, result.Comments);
    }

    [Fact]
    public async Task AnUnreadableDocumentIsRecordedAsFailedAndTheOthersAreIngested()
    {
        var inbox = TestHost.NewInbox(withSeeds: true);
        File.WriteAllBytes(Path.Combine(inbox, "image.png"), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]);
        File.WriteAllBytes(Path.Combine(inbox, "empty.txt"), []);
        File.WriteAllBytes(Path.Combine(inbox, "latin1.txt"), [0x54, 0x69, 0x74, 0x6C, 0x65, 0x0A, 0x0A, 0x43, 0x61, 0x66, 0xE9]);
        await using var host = await TestHost.StartAsync(inbox: inbox);

        var articles = await host.ArticlesWhenAsync(items => items.Length >= 8);

        var failed = articles.Where(a => a.GetProperty("status").GetString() == "failed").ToDictionary(a => a.GetProperty("source").GetString()!, a => a.GetProperty("error").GetString()!);
        Assert.Equal(["empty.txt", "image.png", "latin1.txt"], failed.Keys.Order());
        Assert.Contains("empty", failed["empty.txt"], StringComparison.Ordinal);
        Assert.Contains("binary", failed["image.png"], StringComparison.Ordinal);
        Assert.Contains("UTF-8", failed["latin1.txt"], StringComparison.Ordinal);
        Assert.Equal(5, articles.Count(a => a.GetProperty("status").GetString() == "ingested"));
        Directory.Delete(inbox, recursive: true);
    }

    [Fact]
    public async Task MigrationsRunFromTwoProcessesAtOnceApplyEachOnce()
    {
        var connectionString = await TestDatabase.CreateAsync();
        await using var one = NpgsqlDataSource.Create(connectionString);
        await using var two = NpgsqlDataSource.Create(connectionString);

        await Task.WhenAll(
            Migrator.ApplyAsync(one, NullLogger.Instance, CancellationToken.None),
            Migrator.ApplyAsync(two, NullLogger.Instance, CancellationToken.None));

        await using var conn = await one.OpenConnectionAsync();
        Assert.Equal(Migrator.Migrations.Count, await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM schema_migrations"));
        Assert.True(await Migrator.IsCurrentAsync(one, CancellationToken.None));
    }

    /// Dies partway through a document, the way a killed process would from the database's point of view.
    sealed class CrashingClassifier(int afterComments) : IToxicityClassifier
    {
        readonly KeywordClassifier inner = new();
        int calls;

        public string ModelVersion => inner.ModelVersion;

        public ToxicityPrediction Score(string text) =>
            Interlocked.Increment(ref calls) > afterComments
                ? throw new InvalidOperationException("simulated crash")
                : inner.Score(text);
    }
}
