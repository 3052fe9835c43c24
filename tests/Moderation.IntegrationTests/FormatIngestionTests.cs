using System.Text.Json;

namespace Moderation.IntegrationTests;

public class FormatIngestionTests
{
    static string Sample(string name) => Path.Combine(TestHost.RepoRoot, "tests", "Moderation.Tests", "Extraction", "Samples", name);

    [Fact]
    public async Task AnInboxMixingFormatsIsReadByContentWithRepliesAndTimes()
    {
        var inbox = TestHost.NewInbox(withSeeds: true);
        // Misleading names: the worker must go by content.
        File.Copy(Sample("wordpress-post.html"), Path.Combine(inbox, "page.txt"));
        File.Copy(Sample("disqus-export.xml"), Path.Combine(inbox, "export.dat"));
        File.Copy(Sample("comments.jsonl"), Path.Combine(inbox, "live.jsonl"));
        await using var host = await TestHost.StartAsync(inbox: inbox);

        var articles = await host.ArticlesWhenAsync(items => items.Select(i => i.GetProperty("source").GetString()).Distinct().Count() >= 8);

        Assert.All(articles, a => Assert.Equal("ingested", a.GetProperty("status").GetString()));
        var page = articles.Single(a => a.GetProperty("source").GetString() == "page.txt");
        var comments = (await host.GetJsonAsync($"/v1/articles/{page.GetProperty("id").GetInt64()}/comments")).GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(comments);
        var reply = comments.First(c => c.GetProperty("parentId").ValueKind == JsonValueKind.String);
        Assert.Contains(comments, c => c.GetProperty("externalId").GetString() == reply.GetProperty("parentId").GetString());
        Assert.All(comments, c => Assert.Equal(JsonValueKind.String, c.GetProperty("createdAt").ValueKind));
        Assert.True(articles.Count(a => a.GetProperty("source").GetString() == "export.dat") > 1, "one article per Disqus thread");
        Directory.Delete(inbox, recursive: true);
    }

    [Fact]
    public async Task SpamAndDeletedPostsAreKeptButNeverQueued()
    {
        var inbox = TestHost.NewInbox();
        File.Copy(Sample("disqus-export.xml"), Path.Combine(inbox, "export.xml"));
        await using var host = await TestHost.StartAsync(inbox: inbox, settings: ["--Moderation:Flags:Threshold=0"]);

        var articles = await host.ArticlesWhenAsync(items => items.Length > 0);

        // With a threshold of 0 every scored comment would be flagged; only spam and deleted posts may stay out.
        var stored = articles.Sum(a => a.GetProperty("commentCount").GetInt32());
        var flagged = articles.Sum(a => a.GetProperty("flaggedCount").GetInt32());
        Assert.Equal(stored - 2, flagged);
        Directory.Delete(inbox, recursive: true);
    }
}
