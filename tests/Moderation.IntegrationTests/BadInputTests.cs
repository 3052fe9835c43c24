using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace Moderation.IntegrationTests;

/// Every route answers hostile input with a 4xx or a correct result, never a 5xx. The corpus follows the categories
/// of the Big List of Naughty Strings with examples of our own; tools/fuzz-blns.py replays the full list.
public class BadInputTests : IAsyncLifetime
{
    TestHost host = null!;
    HttpClient admin = null!;

    public static readonly string[] Corpus =
    [
        // reserved words and numbers
        "undefined", "null", "NULL", "nil", "true", "NaN", "Infinity", "-1", "0", "1e309", "0x0", "9999999999999999999999", "-0.0",
        // special characters, whitespace and control characters
        "", " ", "\t\r\n", ",./;'[]\\-=", "<>?:\"{}|_+", "!@#$%^&*()`~", "\u0001\u0002\u0003\u007f", "\u0000", "a\u0000b", "\u00a0\u2028\u2029\u3000",
        // unicode: symbols, two-byte scripts, emoji, right-to-left, combining marks, zero-width, lone surrogates
        "Ω≈ç√∫˜µ≤≥÷", "田中さんにあげて下さい", "사회과학원 어학연구소", "😍 👩🏽‍👩🏽‍👦 🏳️‍🌈", "مرحبا بالعالم", "בְּרֵאשִׁית", "\u202eevil\u202c",
        "Ṱ̺̺̕o͞ ̷i̲̬͇̪͙n̝̗͕v̟̜̘̦͟o̶̙̰̠kè͚̮̺̪̹̱̤ ̖t̝͕̳̣̻̪͞h̼͓̲̦̳̘̲e͇̣̰̦̬͎", "a\u200bb\u200cc\u200dd\ufeffe", "\ud800", "\udfff x \ud83d",
        "Ｆｕｌｌ ｗｉｄｔｈ", "𝐓𝐡𝐞 𝐪𝐮𝐢𝐜𝐤", "ﷺ", "ǅungla",
        // injection: SQL, script, template, shell, format strings, paths
        "'; DROP TABLE comments; --", "1' OR '1'='1", "\" OR \"\"=\"", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
        "{{7*7}}", "${jndi:ldap://x/a}", "$(reboot)", "`rm -rf /`", "%s%s%s%n", "{0}{1}", "../../../../etc/passwd", "C:\\Windows\\System32",
        "%00", "%2e%2e%2f", "javascript:alert(1)", "\\u0000", "{\"text\":1}",
        // long strings
        new string('a', 5000), string.Concat(Enumerable.Repeat("😍", 3000)), string.Concat(Enumerable.Repeat("f u c k ", 1500)),
    ];

    public static IEnumerable<object[]> Cases => Corpus.Select((s, i) => new object[] { i });

    public async Task InitializeAsync()
    {
        host = await TestHost.StartAsync(worker: false);
        admin = await host.ClientForAsync("admin");
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    static void AssertNoServerError(HttpResponseMessage response, string what) =>
        Assert.True((int)response.StatusCode < 500, $"{what} answered {(int)response.StatusCode}");

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task NaughtyStringsGetAClientErrorOrAResultOnEveryRoute(int index)
    {
        var s = Corpus[index];
        var escaped = Uri.EscapeDataString(s);

        var score = await admin.PostAsJsonAsync("/v1/score", new { text = s, id = s });
        AssertNoServerError(score, "score");
        if (s.Length <= 20_000)
            Assert.Equal(HttpStatusCode.OK, score.StatusCode);
        AssertNoServerError(await admin.PostAsJsonAsync("/v1/score/batch", new { items = new[] { new { text = s, id = s } } }), "batch");
        AssertNoServerError(await admin.PostAsJsonAsync("/v1/comments", new { source = s, externalId = s, articleUrl = s, articleTitle = s, author = s, text = s }), "comments");
        AssertNoServerError(await admin.PostAsJsonAsync("/v1/comments", new { source = "site", externalId = "x" + index, articleUrl = "u", text = s }), "comments text");
        AssertNoServerError(await admin.PostAsJsonAsync("/v1/flags/decisions", new { flagIds = new[] { 1 }, decision = s, labels = new[] { s }, note = s }), "bulk decision");
        AssertNoServerError(await admin.PostAsJsonAsync("/v1/keys", new { name = s, role = s }), "keys");
        AssertNoServerError(await admin.PostAsync("/v1/labels", new StringContent("id,comment_text,toxic\n" + s + "," + s + ",1\n", Encoding.UTF8, "text/csv")), "labels");
        foreach (var path in new[]
        {
            $"/v1/queue?label={escaped}", $"/v1/queue?status={escaped}", $"/v1/queue?after={escaped}", $"/v1/queue?articleId={escaped}",
            $"/v1/articles/{escaped}/comments", $"/v1/articles/1/comments?after={escaped}&limit={escaped}", $"/v1/flags/{escaped}/history",
            $"/v1/labels/export?since={escaped}", $"/v1/labels/export?format={escaped}",
        })
            AssertNoServerError(await admin.GetAsync(path), path);
    }

    [Theory]
    [InlineData("/v1/score")]
    [InlineData("/v1/score/batch")]
    [InlineData("/v1/comments")]
    [InlineData("/v1/queue/claim")]
    [InlineData("/v1/flags/1/decision")]
    [InlineData("/v1/flags/decisions")]
    [InlineData("/v1/keys")]
    public async Task MalformedAndWronglyTypedJsonIsABadRequest(string route)
    {
        foreach (var body in new[] { "{", "[]", "null", "\"text\"", "{\"text\":5}", "{\"items\":\"x\"}", "{\"count\":\"many\"}", "{\"decision\":[]}", "{\"name\":{}}", "\u0000" })
        {
            using var response = await admin.PostAsync(route, new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{route} with {body} answered {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task UnknownAndMistypedFieldsAreNamed()
    {
        using var unknown = await admin.PostAsync("/v1/score", new StringContent("""{"text":"hi","colour":"red"}""", Encoding.UTF8, "application/json"));
        using var mistyped = await admin.PostAsync("/v1/score", new StringContent("""{"text":42}""", Encoding.UTF8, "application/json"));
        using var missing = await admin.PostAsync("/v1/score", new StringContent("""{"id":"a"}""", Encoding.UTF8, "application/json"));

        Assert.Contains("colour", (await unknown.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>())!.Detail, StringComparison.Ordinal);
        Assert.Contains("text", (await mistyped.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>())!.Detail, StringComparison.Ordinal);
        Assert.Contains("text", (await missing.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>())!.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
    }

    [Fact]
    public async Task OversizedBodiesAndTextsAreRefusedClearly()
    {
        // Kestrel answers 413 from the declared length and closes; asking for 100-continue lets the client hear it.
        using var hugeRequest = new HttpRequestMessage(HttpMethod.Post, "/v1/score")
        {
            Content = new StringContent("{\"text\":\"" + new string('a', 5 << 20) + "\"}", Encoding.UTF8, "application/json"),
        };
        hugeRequest.Headers.ExpectContinue = true;
        using var huge = await admin.SendAsync(hugeRequest);
        using var longText = await admin.PostAsJsonAsync("/v1/score", new { text = new string('a', 20_001) });
        using var bigBatch = await admin.PostAsJsonAsync("/v1/score/batch", new { items = Enumerable.Range(0, 1001).Select(i => new { text = "x" }) });
        using var wrongType = await admin.PostAsync("/v1/score", new StringContent("text=hi", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, longText.StatusCode);
        Assert.Contains("20000", (await longText.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>())!.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, bigBatch.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
    }

    [Fact]
    public async Task ABatchKeepsTheOrderOfItsItems()
    {
        var items = Enumerable.Range(0, 300).Select(i => new { id = $"i{i}", text = i % 3 == 0 ? "you idiot" : "thanks for the article" }).ToArray();

        var result = await (await admin.PostAsJsonAsync("/v1/score/batch", new { items })).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();

        var back = result.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(items.Select(i => i.id), back.Select(b => b.GetProperty("id").GetString()));
        Assert.All(back.Where((_, i) => i % 3 == 0), b => Assert.NotEqual("allow", b.GetProperty("action").GetString()));
    }
}
