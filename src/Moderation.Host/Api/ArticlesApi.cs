using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Moderation.Host.Security;
using Moderation.Scoring;
using Moderation.Storage;

namespace Moderation.Host.Api;

public static class ArticlesApi
{
    public sealed record ArticleList(IReadOnlyList<ArticleSummary> Items);

    public sealed record CommentItem(
        long Id, int Position, string? Author, string Text, string? ExternalId, string? ParentId, DateTime? CreatedAt,
        Dictionary<string, float> Scores, bool Flagged, string ModelVersion,
        IReadOnlyList<Explanations.Span> Spans, IReadOnlyList<Explanations.Reason> Reasons);

    public sealed record CommentPage(IReadOnlyList<CommentItem> Items, string? Next);

    public static IEndpointRouteBuilder MapArticlesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/articles").WithTags("Articles").RequireAuthorization(Policies.Moderating);
        group.MapGet("", ListArticles);
        group.MapGet("/{id}/comments", ListComments);
        return app;
    }

    static async Task<Ok<ArticleList>> ListArticles(ArticleStore store, CancellationToken ct) =>
        TypedResults.Ok(new ArticleList(await store.ListAsync(ct)));

    static async Task<Results<Ok<CommentPage>, ProblemHttpResult>> ListComments(
        string id, string? limit, string? after, ArticleStore store, CancellationToken ct)
    {
        if (!Paging.TryId(id, out var articleId))
            return Problems.BadRequest("id must be a positive whole number.");
        if (!Paging.TryLimit(limit, out var pageSize, out var limitError))
            return limitError!;
        var afterPosition = 0;
        if (after is not null && !(Paging.DecodeCursor(after) is { } key && int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out afterPosition)))
            return Problems.BadRequest("after must be a cursor returned as next by this route.");
        if (!await store.ExistsAsync(articleId, ct))
            return Problems.NotFound($"There is no article {articleId}.");

        var rows = await store.CommentsAsync(articleId, afterPosition, pageSize + 1, ct);
        var page = rows.Take(pageSize).Select(r =>
        {
            var explanation = Explanations.FromJson(r.Explanation);
            return new CommentItem(r.Id, r.Position, r.Author, r.Text, r.ExternalId, r.ParentId, r.CreatedAt,
                Explanations.ScoreMap(r.Scores), r.Flagged, r.ModelVersion, explanation.Spans, explanation.Reasons);
        }).ToList();
        var next = rows.Count > pageSize ? Paging.EncodeCursor(page[^1].Position.ToString(CultureInfo.InvariantCulture)) : null;
        return TypedResults.Ok(new CommentPage(page, next));
    }
}
