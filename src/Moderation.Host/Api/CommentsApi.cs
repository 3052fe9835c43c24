using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Moderation.Host.Security;
using Moderation.Ingestion;
using Moderation.Queue;
using Moderation.Scoring;

namespace Moderation.Host.Api;

public static class CommentsApi
{
    public sealed record CommentRequest(string Source, string ExternalId, string ArticleUrl, string Text, string? ArticleTitle = null, string? Author = null);

    public sealed record CommentResult(long Id, long ArticleId, string Source, string ExternalId, Dictionary<string, float> Scores, string Action,
        bool Flagged, long? FlagId, IReadOnlyList<Explanations.Reason> Reasons, IReadOnlyList<Explanations.Span> Spans, string ModelVersion);

    public static IEndpointRouteBuilder MapCommentsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/comments").WithTags("Comments").RequireAuthorization(Policies.Scoring)
            .MapPost("", Submit);
        return app;
    }

    /// 201 for a new comment, 200 when (source, externalId) was stored before: the retry gets the same comment.
    static async Task<Results<Created<CommentResult>, Ok<CommentResult>, ProblemHttpResult>> Submit(
        CommentRequest request, IToxicityClassifier classifier, FlagPolicy policy, LiveCommentStore store, IOptions<ApiOptions> options, CancellationToken ct)
    {
        foreach (var (value, field, max) in new[] { (request.Source, "source", 200), (request.ExternalId, "externalId", 200), (request.ArticleUrl, "articleUrl", 2048) })
            if (string.IsNullOrWhiteSpace(value) || value.Length > max)
                return Problems.BadRequest($"{field} is required and at most {max} characters.");
        if (request.Author is { Length: > 200 } || request.ArticleTitle is { Length: > 1000 })
            return Problems.BadRequest("author is limited to 200 characters and articleTitle to 1000.");
        if (ScoreApi.CheckText(request.Text, "text", options.Value) is { } error)
            return error;

        var prediction = classifier.Score(request.Text);
        ScoreCounter.Add(1);
        var stored = await store.StoreAsync(
            new LiveComment(request.Source, request.ExternalId, request.ArticleUrl, request.ArticleTitle, request.Author, request.Text),
            prediction, classifier.ModelVersion, ct);
        var explanation = Explanations.Of(prediction);
        var result = new CommentResult(stored.Id, stored.ArticleId, request.Source, request.ExternalId, Explanations.ScoreMap(prediction.Scores),
            ScoreApi.ActionName(policy.Action(prediction.Scores)), stored.Flagged, stored.FlagId, explanation.Reasons, explanation.Spans, classifier.ModelVersion);
        return stored.Created ? TypedResults.Created($"/v1/articles/{stored.ArticleId}/comments", result) : TypedResults.Ok(result);
    }
}
