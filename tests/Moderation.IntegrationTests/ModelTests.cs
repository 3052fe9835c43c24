using System.Net.Http.Json;
using System.Text.Json;

namespace Moderation.IntegrationTests;

/// The committed model, loaded by the running host the way a user runs it.
public class ModelTests : IAsyncLifetime
{
    TestHost host = null!;

    public async Task InitializeAsync() =>
        host = await TestHost.StartAsync(withSeeds: true, settings: $"--Moderation:Scoring:ModelPath={Path.Combine(TestHost.RepoRoot, "models", "toxicity.model")}");

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task TheSeedArticlesAbuseIsFlaggedAndItsCivilCommentsAreNot()
    {
        var articles = await host.ArticlesWhenAsync(items => items.Length == 5 && items.All(i => i.GetProperty("status").GetString() == "ingested"));
        var id = articles.Single(a => a.GetProperty("commentCount").GetInt32() > 0).GetProperty("id").GetInt64();

        var comments = (await host.GetJsonAsync($"/v1/articles/{id}/comments?limit=500")).GetProperty("items").EnumerateArray()
            .ToDictionary(c => c.GetProperty("text").GetString()!, c => c.GetProperty("flagged").GetBoolean());
        bool Flagged(string start) => comments.Single(c => c.Key.StartsWith(start, StringComparison.Ordinal)).Value;

        string[] abusive =
        [
            "Muhammad Allah جثث", "The Zionist United States", "I didn’t know white guys", "Fuck the UN", "The only ones constantly whining",
            "Speaking of going down fast", "Tree leaves are falling", "News flash dumm ruskie",
        ];
        string[] civil = ["North Koreans won", "Read once more.", "He didn’t say that.", "How about Korea?", "Russia has mobilized", "Peace now looks like a psyop", "Keep calm."];
        Assert.All(abusive, a => Assert.True(Flagged(a), $"not flagged: {a}"));
        Assert.All(civil, c => Assert.False(Flagged(c), $"flagged: {c}"));
    }

    [Fact]
    public async Task ScoresExplainThemselvesWithSpansIntoTheOriginalText()
    {
        const string text = "You are a f*cking 1d1ot.";

        var result = await (await host.Client.PostAsJsonAsync("/v1/score", new { text })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.NotEqual("allow", result.GetProperty("action").GetString());
        Assert.StartsWith("toxicity-", result.GetProperty("modelVersion").GetString(), StringComparison.Ordinal);
        var spans = result.GetProperty("spans").EnumerateArray().Select(s => text[s.GetProperty("start").GetInt32()..s.GetProperty("end").GetInt32()]).ToList();
        Assert.Contains(spans, s => s.Contains("f*cking", StringComparison.Ordinal) || s.Contains("1d1ot", StringComparison.Ordinal));
    }
}
