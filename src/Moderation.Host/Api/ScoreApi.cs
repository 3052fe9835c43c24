using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Moderation.Host.Security;
using Moderation.Queue;
using Moderation.Scoring;

namespace Moderation.Host.Api;

public sealed class ApiOptions
{
    public const string Section = "Moderation:Api";

    [Range(1, 1_000_000)]
    public int MaxTextLength { get; set; } = 20_000;

    [Range(1, 10_000)]
    public int MaxBatchItems { get; set; } = 1_000;
}

public static class ScoreApi
{
    public sealed record ScoreRequest(string Text, string? Id = null);

    public sealed record BatchRequest(IReadOnlyList<ScoreRequest> Items);

    public sealed record ScoreResult(
        string? Id, Dictionary<string, float> Scores, string Action,
        IReadOnlyList<Explanations.Reason> Reasons, IReadOnlyList<Explanations.Span> Spans, string ModelVersion);

    public sealed record BatchResult(IReadOnlyList<ScoreResult> Items);

    public static IEndpointRouteBuilder MapScoreApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/score").WithTags("Scoring").RequireAuthorization(Policies.Scoring);
        group.MapPost("", Score);
        group.MapPost("/batch", ScoreBatch);
        return app;
    }

    static Results<Ok<ScoreResult>, ProblemHttpResult> Score(ScoreRequest request, IToxicityClassifier classifier, FlagPolicy policy, IOptions<ApiOptions> options)
    {
        if (CheckText(request.Text, "text", options.Value) is { } error)
            return error;
        var result = Evaluate(request, classifier, policy);
        ScoreCounter.Add(1);
        return TypedResults.Ok(result);
    }

    static Results<Ok<BatchResult>, ProblemHttpResult> ScoreBatch(BatchRequest request, IToxicityClassifier classifier, FlagPolicy policy, IOptions<ApiOptions> options)
    {
        var max = options.Value.MaxBatchItems;
        if (request.Items.Count is 0 || request.Items.Count > max)
            return Problems.BadRequest($"items must hold from 1 to {max} comments; it holds {request.Items.Count}.");
        for (var i = 0; i < request.Items.Count; i++)
            if (CheckText(request.Items[i]?.Text, $"items[{i}].text", options.Value) is { } error)
                return error;

        var results = new ScoreResult[request.Items.Count];
        Parallel.For(0, results.Length, i => results[i] = Evaluate(request.Items[i], classifier, policy));
        ScoreCounter.Add(results.Length);
        return TypedResults.Ok(new BatchResult(results));
    }

    static ScoreResult Evaluate(ScoreRequest request, IToxicityClassifier classifier, FlagPolicy policy)
    {
        var prediction = classifier.Score(request.Text);
        var explanation = Explanations.Of(prediction);
        return new ScoreResult(request.Id, Explanations.ScoreMap(prediction.Scores), ActionName(policy.Action(prediction.Scores)),
            explanation.Reasons, explanation.Spans, classifier.ModelVersion);
    }

    public static string ActionName(ModerationAction action) => action switch
    {
        ModerationAction.Block => "block",
        ModerationAction.Review => "review",
        _ => "allow",
    };

    public static ProblemHttpResult? CheckText(string? text, string field, ApiOptions options) =>
        text is null ? Problems.BadRequest($"{field} is required.")
        : text.Length > options.MaxTextLength ? Problems.BadRequest($"{field} is {text.Length} characters long; the limit is {options.MaxTextLength}.")
        : null;
}
