using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Moderation.Security;

namespace Moderation.Host.Security;

public sealed class AuthOptions
{
    public const string Section = "Moderation:Auth";

    /// While no key exists at all, let requests from this machine in as an admin, so a fresh install can be tried
    /// before anyone has made a key. The first key created ends it.
    public bool OpenUntilFirstKey { get; set; } = true;

    /// How long a key lookup is reused; a revoked key keeps working at most this long.
    public TimeSpan KeyCacheTime { get; set; } = TimeSpan.FromSeconds(5);
}

/// Finds the key behind a request, holding answers for a few seconds so that a busy scoring endpoint does not
/// ask the database every time; a revoked key stops working within that time.
public sealed class ApiKeyCache(ApiKeyStore store, TimeProvider clock, IOptions<AuthOptions> options)
{
    TimeSpan Freshness => options.Value.KeyCacheTime;

    readonly ConcurrentDictionary<string, (ApiKeyInfo? Info, DateTimeOffset At)> keys = new(StringComparer.Ordinal);
    bool anyKeys;

    public async ValueTask<ApiKeyInfo?> FindAsync(string key, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (keys.TryGetValue(key, out var cached) && now - cached.At < Freshness)
            return cached.Info;
        if (keys.Count > 100_000)
            keys.Clear(); // unknown keys sent in bulk must not grow the cache without end
        var info = await store.FindActiveAsync(key, ct);
        keys[key] = (info, now);
        return info;
    }

    /// Once any key has existed the answer stays yes for good, so only the bootstrap state costs a query.
    public async ValueTask<bool> AnyKeysEverAsync(CancellationToken ct)
    {
        if (anyKeys)
            return true;
        return anyKeys = await store.AnyEverAsync(ct);
    }
}

public sealed class ApiKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyCache cache,
    IOptions<AuthOptions> auth,
    IProblemDetailsService problems) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string LocalActor = "local";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = Request.Headers["X-Api-Key"].ToString();
        var authorization = Request.Headers.Authorization.ToString();
        if (key.Length == 0 && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            key = authorization["Bearer ".Length..].Trim();

        if (key.Length == 0)
        {
            if (auth.Value.OpenUntilFirstKey && IsFromThisMachine() && !await cache.AnyKeysEverAsync(Context.RequestAborted))
                return Success(id: null, LocalActor, ApiRoles.Admin);
            return AuthenticateResult.NoResult();
        }
        var info = await cache.FindAsync(key, Context.RequestAborted);
        return info is null ? AuthenticateResult.Fail("Unknown or revoked API key.") : Success(info.Id, info.Name, info.Role);
    }

    /// Loopback alone is not enough: a reverse proxy on this machine forwards the internet from loopback, and a
    /// browser here can be pointed at the port by a rebound DNS name. Both show in the headers.
    bool IsFromThisMachine() =>
        Context.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip)
        && !Request.Headers.ContainsKey("X-Forwarded-For") && !Request.Headers.ContainsKey("Forwarded") && !Request.Headers.ContainsKey("Origin")
        && Request.Host.Host is "localhost" or "127.0.0.1" or "[::1]" or "::1";

    AuthenticateResult Success(long? id, string name, string role)
    {
        List<Claim> claims = [new(ClaimTypes.Name, name), new(ClaimTypes.Role, role)];
        if (id is not null)
            claims.Add(new Claim(ClaimTypes.NameIdentifier, id.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status401Unauthorized, "Send an API key in the X-Api-Key header or as 'Authorization: Bearer KEY'; the key was missing, unknown or revoked.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, $"This key's role ({Context.User.FindFirstValue(ClaimTypes.Role)}) may not use this route.");

    async Task WriteProblemAsync(int status, string detail)
    {
        Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Detail = detail },
        });
    }
}

/// The caller behind a request, as the routes need it: the key id for leases and the name for the audit log.
public sealed record Caller(long? KeyId, string Name, string Role)
{
    public bool IsAdmin => Role == ApiRoles.Admin;

    public Moderation.Queue.Actor AsActor() => new(KeyId, Name, IsAdmin);

    public static Caller From(ClaimsPrincipal user) => new(
        long.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null,
        user.FindFirstValue(ClaimTypes.Name) ?? ApiKeyHandler.LocalActor,
        user.FindFirstValue(ClaimTypes.Role) ?? "");
}

public static class Policies
{
    public const string Scoring = "scoring";
    public const string Moderating = "moderating";
    public const string Training = "training";
    public const string Administering = "administering";

    public static IServiceCollection AddModerationAuth(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<ApiKeyCache>();
        services.AddAuthentication(ApiKeyHandler.SchemeName).AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Scoring, p => p.RequireRole(ApiRoles.Scorer, ApiRoles.Admin))
            .AddPolicy(Moderating, p => p.RequireRole(ApiRoles.Moderator, ApiRoles.Admin))
            .AddPolicy(Training, p => p.RequireRole(ApiRoles.Trainer, ApiRoles.Admin))
            .AddPolicy(Administering, p => p.RequireRole(ApiRoles.Admin));
        return services;
    }
}
