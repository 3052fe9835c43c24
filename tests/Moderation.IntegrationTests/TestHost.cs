using System.Net.Http.Json;
using System.Text.Json;
using Moderation.Host;

namespace Moderation.IntegrationTests;

/// The real host, on a free loopback port, against a test database and an inbox folder of the test's own.
sealed class TestHost : IAsyncDisposable
{
    readonly ModerationApp app;
    readonly bool ownsInbox;

    TestHost(ModerationApp app, HttpClient client, string inbox, bool ownsInbox, string connectionString)
    {
        this.app = app;
        this.ownsInbox = ownsInbox;
        Client = client;
        Inbox = inbox;
        ConnectionString = connectionString;
    }

    public HttpClient Client { get; }

    public string Inbox { get; }

    public string ConnectionString { get; }

    public IServiceProvider Services => app.App.Services;

    public static string NewInbox(bool withSeeds = false)
    {
        var inbox = Directory.CreateTempSubdirectory("moderation-inbox-").FullName;
        if (withSeeds)
            foreach (var seed in Directory.GetFiles(Path.Combine(RepoRoot, "seeds"), "*.txt"))
                File.Copy(seed, Path.Combine(inbox, Path.GetFileName(seed)));
        return inbox;
    }

    /// Puts a finished document into an inbox the way the README asks: written aside, then renamed into place.
    public static void Drop(string inbox, string name, string content)
    {
        var temporary = Path.Combine(inbox, name + ".part");
        File.WriteAllText(temporary, content);
        File.Move(temporary, Path.Combine(inbox, name));
    }

    public static async Task<TestHost> StartAsync(string? connectionString = null, string? inbox = null, bool worker = true, bool withSeeds = false,
        Action<WebApplicationBuilder>? configure = null, params string[] settings)
    {
        connectionString ??= await TestDatabase.CreateAsync();
        var ownsInbox = inbox is null;
        inbox ??= NewInbox(withSeeds);
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            $"--ConnectionStrings:Moderation={connectionString}",
            $"--Moderation:Inbox:Path={inbox}",
            $"--Moderation:Inbox:Enabled={worker}",
            "--Moderation:Inbox:PollInterval=00:00:00.200",
            "--Logging:LogLevel:Default=Warning",
            "--Moderation:Auth:KeyCacheTime=00:00:00",
            "--Moderation:Scoring:ModelPath=", // the keyword stand-in: predictable flags for tests about the pipeline
            .. settings,
        ];
        var app = await ModerationApp.CreateAsync(args, configure);
        await app.App.StartAsync();
        var address = app.App.Urls.First(); // the port Kestrel actually bound
        return new TestHost(app, new HttpClient { BaseAddress = new Uri(address) }, inbox, ownsInbox, connectionString);
    }

    /// A client that sends a new key of the given role; the first key also ends the open bootstrap mode.
    public async Task<HttpClient> ClientForAsync(string role, string? name = null)
    {
        var (_, key) = await Services.GetRequiredService<Moderation.Security.ApiKeyStore>().CreateAsync(name ?? role + "-" + Guid.NewGuid().ToString("N")[..6], role, CancellationToken.None);
        var client = new HttpClient { BaseAddress = Client.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// Polls until the condition holds: ingestion runs in the background, and this is how a user sees it finish.
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var value = await read();
            if (done(value))
                return value;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("The condition did not hold in time; last value: " + value);
            await Task.Delay(50);
        }
    }

    public Task<JsonElement[]> ArticlesWhenAsync(Func<JsonElement[], bool> done) =>
        EventuallyAsync(async () => (await GetJsonAsync("/v1/articles")).GetProperty("items").EnumerateArray().ToArray(), done);

    public static string RepoRoot { get; } = FindRepoRoot();

    static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Moderation.sln")))
                return dir.FullName;
        throw new InvalidOperationException("Moderation.sln not found above " + AppContext.BaseDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.App.StopAsync();
        await app.DisposeAsync();
        if (ownsInbox)
            Directory.Delete(Inbox, recursive: true);
    }
}
