using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Moderation.Queue;
using Moderation.Scoring;

namespace Moderation.Host.Api;

/// Prometheus text format, written by hand: request counts and latency histograms per route, comments scored,
/// queue depth by status and the model in use.
public static class MetricsApi
{
    static readonly double[] Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
    static readonly ConcurrentDictionary<(string Method, string Route, int Status), RouteStats> Routes = new();

    public static IApplicationBuilder UseRequestMetrics(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            // A group's own route ("/v1/queue" + "") comes out with a trailing slash; the documented path has none.
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText is { } raw ? raw.Length > 1 ? raw.TrimEnd('/') : raw : "unmatched";
            Routes.GetOrAdd((context.Request.Method, route, context.Response.StatusCode), _ => new RouteStats())
                .Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    });

    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", WriteAsync).ExcludeFromDescription();
        return app;
    }

    static async Task WriteAsync(HttpContext context, QueueStore queue, IToxicityClassifier classifier, CancellationToken ct)
    {
        var text = new StringBuilder();
        text.AppendLine("# HELP moderation_http_requests_total HTTP requests by method, route and status.");
        text.AppendLine("# TYPE moderation_http_requests_total counter");
        foreach (var ((method, route, status), stats) in Routes.OrderBy(r => r.Key.Route).ThenBy(r => r.Key.Method))
            text.AppendLine(Inv($"moderation_http_requests_total{{method=\"{method}\",route=\"{Escape(route)}\",status=\"{status}\"}} {stats.Count}"));

        text.AppendLine("# HELP moderation_http_request_duration_seconds Request latency by method and route.");
        text.AppendLine("# TYPE moderation_http_request_duration_seconds histogram");
        foreach (var group in Routes.GroupBy(r => (r.Key.Method, r.Key.Route)).OrderBy(g => g.Key.Route))
        {
            var labels = Inv($"method=\"{group.Key.Method}\",route=\"{Escape(group.Key.Route)}\"");
            var cumulative = new long[Buckets.Length];
            long count = 0;
            double sum = 0;
            foreach (var (_, stats) in group)
            {
                var (buckets, c, s) = stats.Snapshot();
                for (var i = 0; i < Buckets.Length; i++)
                    cumulative[i] += buckets[i];
                count += c;
                sum += s;
            }
            for (var i = 0; i < Buckets.Length; i++)
                text.AppendLine(Inv($"moderation_http_request_duration_seconds_bucket{{{labels},le=\"{Buckets[i]}\"}} {cumulative[i]}"));
            text.AppendLine(Inv($"moderation_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {count}"));
            text.AppendLine(Inv($"moderation_http_request_duration_seconds_sum{{{labels}}} {sum}"));
            text.AppendLine(Inv($"moderation_http_request_duration_seconds_count{{{labels}}} {count}"));
        }

        text.AppendLine("# HELP moderation_comments_scored_total Comments scored by this process.");
        text.AppendLine("# TYPE moderation_comments_scored_total counter");
        text.AppendLine(Inv($"moderation_comments_scored_total {ScoreCounter.Total}"));

        text.AppendLine("# HELP moderation_queue_depth Flags by status.");
        text.AppendLine("# TYPE moderation_queue_depth gauge");
        var depth = (await queue.DepthAsync(ct)).ToDictionary(d => d.Status, d => d.Count);
        foreach (var status in new[] { "pending", "claimed", "removed", "approved", "escalated" })
            text.AppendLine(Inv($"moderation_queue_depth{{status=\"{status}\"}} {depth.GetValueOrDefault(status)}"));

        text.AppendLine("# HELP moderation_model_info The model scoring comments.");
        text.AppendLine("# TYPE moderation_model_info gauge");
        text.AppendLine(Inv($"moderation_model_info{{version=\"{Escape(classifier.ModelVersion)}\"}} 1"));

        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        await context.Response.WriteAsync(text.ToString(), ct);
    }

    static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    sealed class RouteStats
    {
        readonly long[] buckets = new long[Buckets.Length];
        long count;
        double sum;

        public long Count => Interlocked.Read(ref count);

        public void Observe(double seconds)
        {
            var i = Array.FindIndex(Buckets, b => seconds <= b);
            lock (buckets)
            {
                if (i >= 0)
                    buckets[i]++;
                count++;
                sum += seconds;
            }
        }

        public (long[] Buckets, long Count, double Sum) Snapshot()
        {
            lock (buckets)
                return ((long[])buckets.Clone(), count, sum);
        }
    }
}
