using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Moderation.Host.Security;

public sealed class RateLimitOptions
{
    public const string Section = "Moderation:RateLimit";

    /// Requests each key may make per second, on average.
    [Range(1, 1_000_000)]
    public int PermitsPerSecond { get; set; } = 5_000;

    /// Requests a key may make at once after being idle.
    [Range(1, 1_000_000)]
    public int Burst { get; set; } = 5_000;
}

public static class RateLimiting
{
    /// One token bucket per API key (per address for requests without one), so a runaway client slows itself only.
    public static IServiceCollection AddPerKeyRateLimiter(this IServiceCollection services) => services.AddRateLimiter(limiter =>
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.OnRejected = async (context, ct) =>
        {
            if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context.HttpContext,
                ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Detail = "This key has sent too many requests; slow down and retry." },
            });
        };
        limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var options = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
            var partition = context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } keyId
                ? "key:" + keyId
                : "ip:" + context.Connection.RemoteIpAddress;
            return RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = options.Burst,
                TokensPerPeriod = options.PermitsPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });
    });
}
