using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace Moderation.IntegrationTests;

public class ReviewApiTests : IAsyncLifetime
{
    TestHost host = null!;
    HttpClient scorer = null!;
    HttpClient alice = null!;
    HttpClient bob = null!;
    HttpClient admin = null!;

    public async Task InitializeAsync()
    {
        host = await TestHost.StartAsync(worker: false);
        scorer = await host.ClientForAsync("scorer");
        alice = await host.ClientForAsync("moderator", "alice");
        bob = await host.ClientForAsync("moderator", "bob");
        admin = await host.ClientForAsync("admin", "root");
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    /// Stores abusive comments through the live route, each of which the keyword scorer flags.
    async Task<long[]> FlagCommentsAsync(int count, string site = "news")
    {
        var flags = new List<long>();
        for (var i = 0; i < count; i++)
        {
            var response = await scorer.PostAsJsonAsync("/v1/comments", new
            {
                source = site, externalId = $"c{i}-{Guid.NewGuid():N}", articleUrl = "https://example.org/story", articleTitle = "A story",
                author = "troll", text = $"You idiots, number {i}.",
            });
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            flags.Add(body.GetProperty("flagId").GetInt64());
        }
        return [.. flags];
    }

    static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {expected}, got {response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    static async Task<long[]> ClaimAsync(HttpClient client, int count, int? leaseSeconds = null)
    {
        var body = await JsonAsync(await client.PostAsJsonAsync("/v1/queue/claim", new { count, leaseSeconds }), HttpStatusCode.OK);
        return [.. body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("flagId").GetInt64())];
    }

    [Fact]
    public async Task TwentyConcurrentClaimersNeverShareAFlagAndClaimAllHundred()
    {
        var flags = await FlagCommentsAsync(100);
        var moderators = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => host.ClientForAsync("moderator", $"m{i}")));

        var claims = await Task.WhenAll(moderators.Select(async m =>
        {
            var mine = new List<long>();
            while (await ClaimAsync(m, 3) is { Length: > 0 } got)
                mine.AddRange(got);
            return mine;
        }));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(flags.Order(), all.Order());
    }

    [Fact]
    public async Task AnExpiredLeaseReturnsTheFlagToTheQueue()
    {
        var flag = (await FlagCommentsAsync(1)).Single();
        Assert.Equal([flag], await ClaimAsync(alice, 1, leaseSeconds: 60));
        Assert.Empty(await ClaimAsync(bob, 1));

        await using (var conn = new NpgsqlConnection(host.ConnectionString))
            await conn.ExecuteAsync("UPDATE flags SET lease_until = now() - interval '1 second' WHERE id = @flag", new { flag }); // the lease runs out

        Assert.Equal([flag], await ClaimAsync(bob, 1));
        await JsonAsync(await alice.PostAsJsonAsync($"/v1/flags/{flag}/decision", new { decision = "approve" }), HttpStatusCode.Forbidden);
        var history = await JsonAsync(await admin.GetAsync($"/v1/flags/{flag}/history"), HttpStatusCode.OK);
        Assert.Equal(["flag", "claim", "lease-expired", "claim"], history.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task OnlyTheLeaseHolderOrAnAdminDecidesAndOnlyOnce()
    {
        var flags = await FlagCommentsAsync(3);
        var claimed = await ClaimAsync(alice, 2);

        await JsonAsync(await bob.PostAsJsonAsync($"/v1/flags/{claimed[0]}/decision", new { decision = "remove", labels = new[] { "insult" } }), HttpStatusCode.Forbidden);
        var decided = await JsonAsync(await alice.PostAsJsonAsync($"/v1/flags/{claimed[0]}/decision", new { decision = "remove", labels = new[] { "insult", "toxic" }, note = "name-calling" }), HttpStatusCode.OK);
        Assert.Equal("removed", decided.GetProperty("flagStatus").GetString());
        await JsonAsync(await alice.PostAsJsonAsync($"/v1/flags/{claimed[0]}/decision", new { decision = "approve" }), HttpStatusCode.Conflict);
        await JsonAsync(await admin.PostAsJsonAsync($"/v1/flags/{claimed[1]}/decision", new { decision = "escalate" }), HttpStatusCode.OK);
        await JsonAsync(await alice.PostAsJsonAsync($"/v1/flags/{claimed[1]}/decision", new { decision = "approve" }), HttpStatusCode.Conflict);
        var unclaimed = flags.Except(claimed).Single();
        await JsonAsync(await alice.PostAsJsonAsync($"/v1/flags/{unclaimed}/decision", new { decision = "approve" }), HttpStatusCode.Forbidden);
        await JsonAsync(await alice.PostAsJsonAsync("/v1/flags/999999/decision", new { decision = "approve" }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ABulkDecisionChecksEveryFlagOnItsOwn()
    {
        await FlagCommentsAsync(4);
        var mine = await ClaimAsync(alice, 2);
        var theirs = await ClaimAsync(bob, 1);

        var result = await JsonAsync(await alice.PostAsJsonAsync("/v1/flags/decisions",
            new { flagIds = mine.Append(theirs[0]).Append(987654L), decision = "remove", labels = new[] { "toxic" } }), HttpStatusCode.OK);

        var statuses = result.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("flagId").GetInt64(), i => i.GetProperty("status").GetInt32());
        Assert.Equal(200, statuses[mine[0]]);
        Assert.Equal(200, statuses[mine[1]]);
        Assert.Equal(403, statuses[theirs[0]]);
        Assert.Equal(404, statuses[987654L]);
        var removed = await JsonAsync(await alice.GetAsync("/v1/queue?status=removed"), HttpStatusCode.OK);
        Assert.Equal(mine.Order(), removed.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("flagId").GetInt64()).Order());
    }

    [Fact]
    public async Task ADecisionCanBeUndoneWithinTheWindowOnly()
    {
        await FlagCommentsAsync(2);
        var claimed = await ClaimAsync(alice, 2);
        foreach (var flag in claimed)
            await JsonAsync(await alice.PostAsJsonAsync($"/v1/flags/{flag}/decision", new { decision = "approve" }), HttpStatusCode.OK);

        await JsonAsync(await bob.PostAsync($"/v1/flags/{claimed[0]}/undo", null), HttpStatusCode.Forbidden);
        var undone = await JsonAsync(await alice.PostAsync($"/v1/flags/{claimed[0]}/undo", null), HttpStatusCode.OK);
        Assert.Equal("claimed", undone.GetProperty("flagStatus").GetString());
        await JsonAsync(await alice.PostAsJsonAsync($"/v1/flags/{claimed[0]}/decision", new { decision = "remove", labels = new[] { "insult" } }), HttpStatusCode.OK);

        await using (var conn = new NpgsqlConnection(host.ConnectionString))
            await conn.ExecuteAsync("UPDATE flags SET decided_at = now() - interval '1 hour' WHERE id = @id", new { id = claimed[1] }); // the window passes
        await JsonAsync(await alice.PostAsync($"/v1/flags/{claimed[1]}/undo", null), HttpStatusCode.Conflict);

        var history = await JsonAsync(await alice.GetAsync($"/v1/flags/{claimed[0]}/history"), HttpStatusCode.OK);
        var events = history.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["flag", "claim", "decide", "undo", "decide"], events.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(["system", "alice", "alice", "alice", "alice"], events.Select(e => e.GetProperty("actor").GetString()));
        Assert.Equal(["pending", "claimed", "approved", "claimed", "removed"], events.Select(e => e.GetProperty("toStatus").GetString()));
    }

    [Fact]
    public async Task TheAuditLogCannotBeRewritten()
    {
        var flag = (await FlagCommentsAsync(1)).Single();

        await using var conn = new NpgsqlConnection(host.ConnectionString);
        var update = await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync("UPDATE flag_events SET actor = 'nobody' WHERE flag_id = @flag", new { flag }));
        var delete = await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync("DELETE FROM flag_events WHERE flag_id = @flag", new { flag }));

        Assert.Contains("append-only", update.MessageText, StringComparison.Ordinal);
        Assert.Contains("append-only", delete.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheModeratorInTheLogComesFromTheKeyNotTheBody()
    {
        var flag = (await FlagCommentsAsync(1)).Single();
        await ClaimAsync(alice, 1);

        using var response = await alice.PostAsync($"/v1/flags/{flag}/decision",
            new StringContent("""{"decision":"approve","moderator":"bob"}""", System.Text.Encoding.UTF8, "application/json"));
        var problem = await JsonAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("moderator", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        await JsonAsync(await alice.PostAsJsonAsync($"/v1/flags/{flag}/decision", new { decision = "approve" }), HttpStatusCode.OK);
        var history = await JsonAsync(await alice.GetAsync($"/v1/flags/{flag}/history"), HttpStatusCode.OK);
        Assert.Equal("alice", history.GetProperty("items")[2].GetProperty("actor").GetString());
    }

    [Fact]
    public async Task QueueItemsShowSpansAndTheAuthorsHistory()
    {
        var flags = await FlagCommentsAsync(3);
        var claimed = await ClaimAsync(alice, 1);
        await JsonAsync(await alice.PostAsJsonAsync($"/v1/flags/{claimed[0]}/decision", new { decision = "remove", labels = new[] { "insult" } }), HttpStatusCode.OK);

        var queue = await JsonAsync(await alice.GetAsync("/v1/queue?label=insult"), HttpStatusCode.OK);

        var item = queue.GetProperty("items")[0];
        Assert.Equal("troll", item.GetProperty("author").GetString());
        Assert.Equal(2, item.GetProperty("authorHistory").GetProperty("flagged").GetInt32());
        Assert.Equal(1, item.GetProperty("authorHistory").GetProperty("removed").GetInt32());
        var span = item.GetProperty("spans")[0];
        Assert.Equal("idiots", item.GetProperty("text").GetString()![span.GetProperty("start").GetInt32()..span.GetProperty("end").GetInt32()]);
        Assert.Equal(2, queue.GetProperty("items").GetArrayLength());
        var threats = await JsonAsync(await alice.GetAsync("/v1/queue?label=threat"), HttpStatusCode.OK);
        Assert.Equal(0, threats.GetProperty("items").GetArrayLength());
        Assert.Equal(3, flags.Length);
    }

    [Fact]
    public async Task DecisionsBecomeLabelsThatExportInTheJigsawLayout()
    {
        await FlagCommentsAsync(2);
        var claimed = await ClaimAsync(alice, 2);
        await JsonAsync(await alice.PostAsJsonAsync($"/v1/flags/{claimed[0]}/decision", new { decision = "remove", labels = new[] { "insult", "toxic" } }), HttpStatusCode.OK);
        await JsonAsync(await alice.PostAsJsonAsync($"/v1/flags/{claimed[1]}/decision", new { decision = "approve" }), HttpStatusCode.OK);
        var trainer = await host.ClientForAsync("trainer");

        var csv = await (await trainer.GetAsync("/v1/labels/export?format=csv")).Content.ReadAsStringAsync();

        var lines = csv.TrimEnd('\n').Split('\n');
        Assert.Equal("id,comment_text,toxic,severe_toxic,obscene,threat,insult,identity_hate", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.EndsWith(",1,0,0,0,1,0", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",0,0,0,0,0,0", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("comment:", lines[1], StringComparison.Ordinal);
        var later = await (await trainer.GetAsync("/v1/labels/export?since=2999-01-01T00:00:00Z")).Content.ReadAsStringAsync();
        Assert.Equal("id,comment_text,toxic,severe_toxic,obscene,threat,insult,identity_hate\n", later);
    }

    [Fact]
    public async Task ImportedLabelsComeBackInTheExport()
    {
        var trainer = await host.ClientForAsync("trainer");
        const string csv = "id,comment_text,toxic,severe_toxic,obscene,threat,insult,identity_hate\n" +
                           "site:1,\"I will find you, \"\"friend\"\"\nand hurt you\",1,0,0,1,0,0\nsite:2,lovely piece,0,-1,-1,-1,-1,-1\n";

        var imported = await JsonAsync(await trainer.PostAsync("/v1/labels", new StringContent(csv, System.Text.Encoding.UTF8, "text/csv")), HttpStatusCode.OK);
        Assert.Equal(2, imported.GetProperty("imported").GetInt32());

        var jsonl = await (await trainer.GetAsync("/v1/labels/export?format=jsonl")).Content.ReadAsStringAsync();
        var rows = jsonl.TrimEnd('\n').Split('\n').Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal("I will find you, \"friend\"\nand hurt you", rows[0].GetProperty("comment_text").GetString());
        Assert.Equal(1, rows[0].GetProperty("threat").GetInt32());
        Assert.Equal(-1, rows[1].GetProperty("insult").GetInt32());

        var bad = await JsonAsync(await trainer.PostAsync("/v1/labels", new StringContent("id,comment_text,toxic\nx,y,maybe\n", System.Text.Encoding.UTF8, "text/csv")), HttpStatusCode.BadRequest);
        Assert.Contains("Line 2", bad.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASubmittedCommentIsStoredOnceUnderConcurrentRetries()
    {
        var payload = new { source = "blog", externalId = "retry-1", articleUrl = "https://example.org/a", articleTitle = "A", author = "x", text = "You idiots." };

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => scorer.PostAsJsonAsync("/v1/comments", payload)));

        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK));
        Assert.Single(bodies.Select(b => b.GetProperty("id").GetInt64()).Distinct());
        await using var conn = new NpgsqlConnection(host.ConnectionString);
        Assert.Equal(1, await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM comments WHERE site = 'blog' AND external_id = 'retry-1'"));
        Assert.Equal(1, await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM flags f JOIN comments c ON c.id = f.comment_id WHERE c.external_id = 'retry-1'"));
    }

    [Fact]
    public async Task RolesOpenOnlyTheirOwnRoutes()
    {
        using var anonymous = new HttpClient { BaseAddress = host.Client.BaseAddress };
        var trainer = await host.ClientForAsync("trainer");
        var score = new { text = "hello" };

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/v1/score", score)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await scorer.PostAsJsonAsync("/v1/score", score)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync("/v1/score", score)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.PostAsJsonAsync("/v1/score", score)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await scorer.GetAsync("/v1/queue")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await trainer.GetAsync("/v1/queue")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.GetAsync("/v1/labels/export")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await trainer.GetAsync("/v1/labels/export")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.GetAsync("/v1/keys")).StatusCode);
        var unauthorized = await anonymous.GetAsync("/v1/queue");
        Assert.Equal("application/problem+json", unauthorized.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ARevokedKeyStopsWorking()
    {
        var created = await JsonAsync(await admin.PostAsJsonAsync("/v1/keys", new { name = "temp", role = "scorer" }), HttpStatusCode.Created);
        using var temp = new HttpClient { BaseAddress = host.Client.BaseAddress };
        temp.DefaultRequestHeaders.Add("Authorization", "Bearer " + created.GetProperty("key").GetString());
        Assert.Equal(HttpStatusCode.OK, (await temp.PostAsJsonAsync("/v1/score", new { text = "hi" })).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/v1/keys/{created.GetProperty("id").GetInt64()}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await temp.PostAsJsonAsync("/v1/score", new { text = "hi" })).StatusCode);
        var keys = await JsonAsync(await admin.GetAsync("/v1/keys"), HttpStatusCode.OK);
        Assert.DoesNotContain("mod_", keys.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokingEveryKeyDoesNotReopenTheKeylessBootstrap()
    {
        await using var fresh = await TestHost.StartAsync(worker: false);
        Assert.Equal(HttpStatusCode.OK, (await fresh.Client.GetAsync("/v1/queue")).StatusCode);
        using var proxied = new HttpRequestMessage(HttpMethod.Get, "/v1/queue");
        proxied.Headers.Add("X-Forwarded-For", "203.0.113.9");
        Assert.Equal(HttpStatusCode.Unauthorized, (await fresh.Client.SendAsync(proxied)).StatusCode);

        var keys = fresh.Services.GetRequiredService<Moderation.Security.ApiKeyStore>();
        var (info, _) = await keys.CreateAsync("only", "admin", CancellationToken.None);
        await keys.RevokeAsync(info.Id, CancellationToken.None);

        Assert.Equal(HttpStatusCode.Unauthorized, (await fresh.Client.GetAsync("/v1/queue")).StatusCode);
    }

    [Fact]
    public async Task ANoteWithControlCharactersIsStoredAndALabelOfNullIsRefused()
    {
        var flags = await FlagCommentsAsync(2);
        await ClaimAsync(alice, 2);

        await JsonAsync(await alice.PostAsJsonAsync($"/v1/flags/{flags[0]}/decision", new { decision = "remove", labels = new string?[] { null } }), HttpStatusCode.BadRequest);
        await JsonAsync(await alice.PostAsJsonAsync($"/v1/flags/{flags[0]}/decision", new { decision = "approve", note = "a\u0000b \ud800" }), HttpStatusCode.OK);
    }

    [Fact]
    public async Task EachKeyHasItsOwnRateLimit()
    {
        await using var limited = await TestHost.StartAsync(worker: false, settings: ["--Moderation:RateLimit:PermitsPerSecond=1", "--Moderation:RateLimit:Burst=3"]);
        var busy = await limited.ClientForAsync("scorer");
        var quiet = await limited.ClientForAsync("scorer");

        // Twenty at once against a burst of three: most must be turned away, whatever the machine's speed.
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => busy.PostAsJsonAsync("/v1/score", new { text = "hello" })));

        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        var rejected = responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await quiet.PostAsJsonAsync("/v1/score", new { text = "hello" })).StatusCode);
    }
}
