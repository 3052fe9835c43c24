using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Moderation.Host.Security;
using Moderation.Queue;
using Moderation.Scoring;

namespace Moderation.Host.Api;

public sealed class ReviewOptions
{
    public const string Section = "Moderation:Review";

    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan DefaultLease { get; set; } = TimeSpan.FromMinutes(10);

    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan MaxLease { get; set; } = TimeSpan.FromHours(2);

    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan UndoWindow { get; set; } = TimeSpan.FromMinutes(5);
}

public static class QueueApi
{
    static readonly string[] Statuses = ["pending", "claimed", "removed", "approved", "escalated"];

    public sealed record AuthorHistory(int Flagged, int Removed);

    public sealed record QueueEntry(
        long FlagId, long CommentId, long ArticleId, string? ArticleTitle, string? Author, string Text,
        Dictionary<string, float> Scores, IReadOnlyList<Explanations.Span> Spans, float Priority, string Status, DateTime CreatedAt,
        string? ClaimedBy, DateTime? LeaseUntil, AuthorHistory AuthorHistory);

    public sealed record QueuePage(IReadOnlyList<QueueEntry> Items, string? Next);

    public sealed record ClaimRequest(int Count = 1, int? LeaseSeconds = null);

    public sealed record ClaimResult(IReadOnlyList<QueueEntry> Items);

    public static IEndpointRouteBuilder MapQueueApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/queue").WithTags("Queue").RequireAuthorization(Policies.Moderating);
        group.MapGet("", List);
        group.MapPost("/claim", Claim);
        return app;
    }

    static async Task<Results<Ok<QueuePage>, ProblemHttpResult>> List(
        string? limit, string? after, string? status, string? label, string? articleId, QueueStore store, FlagPolicy policy, CancellationToken ct)
    {
        if (!Paging.TryLimit(limit, out var pageSize, out var limitError))
            return limitError!;
        status ??= "pending";
        if (!Statuses.Contains(status))
            return Problems.BadRequest($"status must be one of {string.Join(", ", Statuses)}.");
        ToxicityLabel? parsedLabel = null;
        if (label is not null)
        {
            if (!ToxicityLabels.TryParse(label, out var l))
                return Problems.BadRequest($"label must be one of {string.Join(", ", ToxicityLabels.Names)}.");
            parsedLabel = l;
        }
        long? article = null;
        if (articleId is not null)
        {
            if (!Paging.TryId(articleId, out var id))
                return Problems.BadRequest("articleId must be a positive whole number.");
            article = id;
        }
        QueueCursor? cursor = null;
        if (after is not null)
        {
            if (!TryParseCursor(after, out var parsed))
                return Problems.BadRequest("after must be a cursor returned as next by this route.");
            cursor = parsed;
        }

        var filter = new QueueFilter(status, parsedLabel?.Name(), parsedLabel is { } pl ? policy.ReviewThreshold(pl) : 0f, article);
        var rows = await store.ListAsync(filter, cursor, pageSize + 1, ct);
        var page = rows.Take(pageSize).Select(ToEntry).ToList();
        var next = rows.Count > pageSize ? Paging.EncodeCursor(FormattableString.Invariant($"{page[^1].Priority:R}:{page[^1].FlagId}")) : null;
        return TypedResults.Ok(new QueuePage(page, next));
    }

    static async Task<Results<Ok<ClaimResult>, ProblemHttpResult>> Claim(
        ClaimRequest request, ClaimsPrincipal user, ReviewStore reviews, QueueStore store, IOptions<ReviewOptions> options, CancellationToken ct)
    {
        if (request.Count is < 1 or > Paging.MaxLimit)
            return Problems.BadRequest($"count must be from 1 to {Paging.MaxLimit}.");
        var max = (int)options.Value.MaxLease.TotalSeconds;
        if (request.LeaseSeconds is { } s && (s < 1 || s > max))
            return Problems.BadRequest($"leaseSeconds must be from 1 to {max}.");
        var lease = request.LeaseSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : options.Value.DefaultLease;

        var ids = await reviews.ClaimAsync(Caller.From(user).AsActor(), request.Count, lease, ct);
        var items = ids.Length == 0 ? [] : await store.ByIdsAsync(ids, ct);
        return TypedResults.Ok(new ClaimResult([.. items.Select(ToEntry)]));
    }

    static QueueEntry ToEntry(QueueItem r) => new(
        r.FlagId, r.CommentId, r.ArticleId, r.ArticleTitle, r.Author, r.Text, Explanations.ScoreMap(r.Scores),
        Explanations.FromJson(r.Explanation).Spans, r.Priority, r.Status, r.CreatedAt, r.ClaimedBy, r.LeaseUntil,
        new AuthorHistory(r.AuthorFlagged, r.AuthorRemoved));

    static bool TryParseCursor(string value, out QueueCursor cursor)
    {
        cursor = default;
        var parts = Paging.DecodeCursor(value)?.Split(':');
        if (parts is not [var priority, var id]
            || !float.TryParse(priority, NumberStyles.Float, CultureInfo.InvariantCulture, out var p)
            || !long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var flagId))
            return false;
        cursor = new QueueCursor(p, flagId);
        return true;
    }
}
