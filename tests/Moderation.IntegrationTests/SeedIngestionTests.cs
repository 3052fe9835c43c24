using System.Text.Json;

namespace Moderation.IntegrationTests;

public class SeedIngestionTests
{
    static bool AllFiveIngested(JsonElement[] items) => items.Length == 5 && items.All(i => i.GetProperty("status").GetString() == "ingested");

    [Fact]
    public async Task TheSeedsBecomeFiveArticlesAndOnlyTheFirstHasComments()
    {
        await using var host = await TestHost.StartAsync(withSeeds: true);

        var articles = await host.ArticlesWhenAsync(AllFiveIngested);

        var bySource = articles.ToDictionary(a => a.GetProperty("source").GetString()!);
        Assert.Equal(31, bySource["000_cc06e0480e179193.txt"].GetProperty("commentCount").GetInt32());
        Assert.All(bySource.Where(a => !a.Key.StartsWith("000", StringComparison.Ordinal)), a => Assert.Equal(0, a.Value.GetProperty("commentCount").GetInt32()));
        Assert.Equal("Is this the Time for Peace?", bySource["001_dce8891cb4f2038b.txt"].GetProperty("title").GetString());
    }

    [Fact]
    public async Task TheQueueHoldsTheAbusiveCommentsOfTheSeedArticle()
    {
        await using var host = await TestHost.StartAsync(withSeeds: true);
        await host.ArticlesWhenAsync(AllFiveIngested);

        var queue = await host.GetJsonAsync("/v1/queue?limit=500");

        var texts = queue.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("text").GetString()!).ToList();
        Assert.Contains(texts, t => t.StartsWith("Fuck the UN", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("مصاصة الديك", StringComparison.Ordinal));
        Assert.DoesNotContain(texts, t => t.StartsWith("Keep calm.", StringComparison.Ordinal));
        Assert.DoesNotContain(texts, t => t.StartsWith("North Koreans won", StringComparison.Ordinal));
        var first = queue.GetProperty("items")[0];
        Assert.Equal("Why Does US Insist On Peace Talks Between Kiev And Moscow?", first.GetProperty("articleTitle").GetString());
        Assert.Equal("pending", first.GetProperty("status").GetString());
        Assert.Equal(6, first.GetProperty("scores").EnumerateObject().Count());
    }

    [Fact]
    public async Task EveryCommentCarriesSixScoresAndTheModelVersion()
    {
        await using var host = await TestHost.StartAsync(withSeeds: true);
        var articles = await host.ArticlesWhenAsync(AllFiveIngested);
        var id = articles.Single(a => a.GetProperty("commentCount").GetInt32() > 0).GetProperty("id").GetInt64();

        var comments = (await host.GetJsonAsync($"/v1/articles/{id}/comments?limit=500")).GetProperty("items").EnumerateArray().ToList();

        Assert.Equal(31, comments.Count);
        Assert.All(comments, c =>
        {
            Assert.Equal(["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"], c.GetProperty("scores").EnumerateObject().Select(p => p.Name));
            Assert.False(string.IsNullOrEmpty(c.GetProperty("modelVersion").GetString()));
        });
        Assert.Equal(Enumerable.Range(1, 31), comments.Select(c => c.GetProperty("position").GetInt32()));
        Assert.Equal("William White", comments.Single(c => c.GetProperty("author").ValueKind == JsonValueKind.String).GetProperty("author").GetString());
    }

    [Fact]
    public async Task ReingestingRestartingOrTouchingAddsNothing()
    {
        var database = await TestDatabase.CreateAsync();
        var inbox = TestHost.NewInbox(withSeeds: true);
        await using (var first = await TestHost.StartAsync(database, inbox))
            await first.ArticlesWhenAsync(AllFiveIngested);
        foreach (var file in Directory.GetFiles(inbox))
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow);
        File.Copy(Directory.GetFiles(inbox, "003_*").Single(), Path.Combine(inbox, "003-copy.txt"));

        await using var second = await TestHost.StartAsync(database, inbox);
        await using var third = await TestHost.StartAsync(database, withSeeds: true);

        // Workers scan in name order, so once a last-named document is in, both restarted workers have passed the rest.
        TestHost.Drop(second.Inbox, "zzz-second.txt", "Sentinel one\n\nBody of the first sentinel.");
        TestHost.Drop(third.Inbox, "zzz-third.txt", "Sentinel two\n\nBody of the second sentinel.");
        var articles = await second.ArticlesWhenAsync(items => items.Length >= 7);

        Assert.Equal(7, articles.Length);
        Assert.Equal(31, articles.Sum(a => a.GetProperty("commentCount").GetInt32()));
        Assert.DoesNotContain(articles, a => a.GetProperty("source").GetString() == "003-copy.txt");
        Directory.Delete(inbox, recursive: true);
    }

    [Fact]
    public async Task AChangedFileIsIngestedAsANewVersion()
    {
        await using var host = await TestHost.StartAsync(withSeeds: true);
        await host.ArticlesWhenAsync(AllFiveIngested);
        var seed = Directory.GetFiles(host.Inbox, "000_*").Single();

        File.AppendAllText(seed, "\n\n\nOne more civil comment about the talks.\n");

        var articles = await host.ArticlesWhenAsync(items => items.Length == 6);
        var versions = articles.Where(a => a.GetProperty("source").GetString() == Path.GetFileName(seed)).ToList();
        Assert.Equal([31, 32], versions.Select(v => v.GetProperty("commentCount").GetInt32()));
    }
}
