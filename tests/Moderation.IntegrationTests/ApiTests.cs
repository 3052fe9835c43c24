using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Moderation.IntegrationTests;

public class ApiTests : IAsyncLifetime
{
    TestHost host = null!;
    long articleId;

    public async Task InitializeAsync()
    {
        host = await TestHost.StartAsync(withSeeds: true);
        var articles = await host.ArticlesWhenAsync(items => items.Length == 5 && items.All(i => i.GetProperty("status").GetString() == "ingested"));
        articleId = articles.Single(a => a.GetProperty("commentCount").GetInt32() > 0).GetProperty("id").GetInt64();
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task CommentPagesFollowTheCursorThroughEveryCommentOnce()
    {
        var positions = new List<int>();
        string? next = null;
        do
        {
            var page = await host.GetJsonAsync($"/v1/articles/{articleId}/comments?limit=7" + (next is null ? "" : "&after=" + next));
            positions.AddRange(page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("position").GetInt32()));
            next = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetString();
        } while (next is not null);

        Assert.Equal(Enumerable.Range(1, 31), positions);
    }

    [Fact]
    public async Task QueuePagesComeHighestPriorityFirstWithoutRepeats()
    {
        var all = (await host.GetJsonAsync("/v1/queue?limit=500")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("flagId").GetInt64()).ToList();
        var paged = new List<(long Id, float Priority)>();
        string? next = null;
        do
        {
            var page = await host.GetJsonAsync("/v1/queue?limit=2" + (next is null ? "" : "&after=" + next));
            paged.AddRange(page.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("flagId").GetInt64(), i.GetProperty("priority").GetSingle())));
            next = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetString();
        } while (next is not null);

        Assert.NotEmpty(all);
        Assert.Equal(all, paged.Select(p => p.Id));
        Assert.Equal(paged.Select(p => p.Priority).OrderDescending(), paged.Select(p => p.Priority));
    }

    [Theory]
    [InlineData("/v1/queue?limit=0")]
    [InlineData("/v1/queue?limit=501")]
    [InlineData("/v1/queue?limit=ten")]
    [InlineData("/v1/queue?after=not-a-cursor")]
    [InlineData("/v1/articles/abc/comments")]
    [InlineData("/v1/articles/-1/comments")]
    [InlineData("/v1/articles/1/comments?after=%2F%2F%2F")]
    [InlineData("/v1/articles/1/comments?limit=-5")]
    public async Task BadInputGetsABadRequestProblem(string path)
    {
        using var response = await host.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task AnUnknownArticleIsNotFound()
    {
        using var response = await host.Client.GetAsync("/v1/articles/987654321/comments");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task HealthSaysLiveAndReady()
    {
        using var live = await host.Client.GetAsync("/health/live");
        using var ready = await host.Client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task TheOpenApiDocumentListsEveryRoute()
    {
        var document = await host.GetJsonAsync("/openapi/v1.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        foreach (var route in new[] { "/v1/articles", "/v1/articles/{id}/comments", "/v1/queue", "/v1/queue/claim", "/v1/flags/{id}/decision",
                     "/v1/flags/decisions", "/v1/flags/{id}/undo", "/v1/flags/{id}/history", "/v1/score", "/v1/score/batch", "/v1/comments",
                     "/v1/labels", "/v1/labels/export", "/v1/keys", "/v1/keys/{id}" })
            Assert.Contains(route, paths);
    }

    [Fact]
    public async Task MetricsCountRequestsScoresQueueDepthAndTheModel()
    {
        await host.GetJsonAsync("/v1/queue");

        // A request is counted when its pipeline unwinds, which may be just after the client has read the response.
        var text = await TestHost.EventuallyAsync(() => host.Client.GetStringAsync("/metrics"),
            t => t.Contains("route=\"/v1/queue\",status=\"200\"", StringComparison.Ordinal));

        Assert.Contains("moderation_http_requests_total{method=\"GET\",route=\"/v1/queue\",status=\"200\"}", text, StringComparison.Ordinal);
        Assert.Contains("moderation_http_request_duration_seconds_bucket{method=\"GET\",route=\"/v1/queue\",le=\"+Inf\"}", text, StringComparison.Ordinal);
        Assert.Matches(@"moderation_comments_scored_total [1-9]", text);
        Assert.Matches(@"moderation_queue_depth\{status=""pending""\} [1-9]", text);
        Assert.Contains("moderation_model_info{version=", text, StringComparison.Ordinal);
    }
}
