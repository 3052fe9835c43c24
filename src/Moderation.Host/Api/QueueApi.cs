using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Moderation.Queue;
using Moderation.Scoring;

namespace Moderation.Host.Api;

public static class QueueApi
{
    public sealed record QueueEntry(
        long FlagId, long CommentId, long ArticleId, string? ArticleTitle, string Text,
        Dictionary<string, float> Scores, float Priority, string Status, DateTime CreatedAt);

    public sealed record QueuePage(IReadOnlyList<QueueEntry> Items, string? Next);

    public static IEndpointRouteBuilder MapQueueApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/queue").WithTags("Queue");
        group.MapGet("/", ListPending);
        return app;
    }

    static async Task<Results<Ok<QueuePage>, ProblemHttpResult>> ListPending(string? limit, string? after, QueueStore store, CancellationToken ct)
    {
        if (!Paging.TryLimit(limit, out var pageSize, out var limitError))
            return limitError!;
        QueueCursor? cursor = null;
        if (after is not null)
        {
            if (!TryParseCursor(after, out var parsed))
                return Problems.BadRequest("after must be a cursor returned as next by this route.");
            cursor = parsed;
        }

        var rows = await store.PendingAsync(cursor, pageSize + 1, ct);
        var page = rows.Take(pageSize).Select(r => new QueueEntry(
            r.FlagId, r.CommentId, r.ArticleId, r.ArticleTitle, r.Text, Explanations.ScoreMap(r.Scores), r.Priority, r.Status, r.CreatedAt)).ToList();
        var next = rows.Count > pageSize ? Paging.EncodeCursor(FormattableString.Invariant($"{page[^1].Priority:R}:{page[^1].FlagId}")) : null;
        return TypedResults.Ok(new QueuePage(page, next));
    }

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
