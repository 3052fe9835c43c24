using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Moderation.Host.Security;
using Moderation.Queue;
using Moderation.Scoring;

namespace Moderation.Host.Api;

public static class FlagsApi
{
    public sealed record DecisionRequest(string Decision, IReadOnlyList<string>? Labels = null, string? Note = null);

    public sealed record BulkDecisionRequest(IReadOnlyList<long> FlagIds, string Decision, IReadOnlyList<string>? Labels = null, string? Note = null);

    public sealed record DecisionResult(long FlagId, int Status, string? FlagStatus, string? Detail);

    public sealed record BulkDecisionResult(IReadOnlyList<DecisionResult> Items);

    public sealed record HistoryEntry(long Id, DateTime At, string Actor, string Action, string? FromStatus, string ToStatus, System.Text.Json.JsonElement? Detail);

    public sealed record History(long FlagId, IReadOnlyList<HistoryEntry> Items);

    public static IEndpointRouteBuilder MapFlagsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/flags").WithTags("Flags").RequireAuthorization(Policies.Moderating);
        group.MapPost("/{id}/decision", Decide);
        group.MapPost("/{id}/undo", Undo);
        group.MapPost("/decisions", DecideMany);
        group.MapGet("/{id}/history", GetHistory);
        return app;
    }

    static async Task<Results<Ok<DecisionResult>, ProblemHttpResult>> Decide(
        string id, DecisionRequest request, ClaimsPrincipal user, ReviewStore reviews, CancellationToken ct)
    {
        if (!Paging.TryId(id, out var flagId))
            return Problems.BadRequest("id must be a positive whole number.");
        if (Parse(request.Decision, request.Labels, request.Note) is not { } parsed)
            return Problems.BadRequest(Describe(request.Decision, request.Labels, request.Note));

        var result = await reviews.DecideAsync(flagId, Caller.From(user).AsActor(), parsed.Decision, parsed.Labels, request.Note, ct);
        return ToHttp(flagId, result);
    }

    static async Task<Results<Ok<BulkDecisionResult>, ProblemHttpResult>> DecideMany(
        BulkDecisionRequest request, ClaimsPrincipal user, ReviewStore reviews, CancellationToken ct)
    {
        if (request.FlagIds.Count is 0 or > Paging.MaxLimit)
            return Problems.BadRequest($"flagIds must hold from 1 to {Paging.MaxLimit} ids.");
        if (Parse(request.Decision, request.Labels, request.Note) is not { } parsed)
            return Problems.BadRequest(Describe(request.Decision, request.Labels, request.Note));

        // Each flag is checked and decided on its own, so one that is not the caller's does not hold up the rest.
        var actor = Caller.From(user).AsActor();
        var results = new List<DecisionResult>(request.FlagIds.Count);
        foreach (var flagId in request.FlagIds.Distinct())
        {
            var result = await reviews.DecideAsync(flagId, actor, parsed.Decision, parsed.Labels, request.Note, ct);
            results.Add(new DecisionResult(flagId, StatusOf(result.Outcome), result.Status, result.Detail));
        }
        return TypedResults.Ok(new BulkDecisionResult(results));
    }

    static async Task<Results<Ok<DecisionResult>, ProblemHttpResult>> Undo(
        string id, ClaimsPrincipal user, ReviewStore reviews, IOptions<ReviewOptions> options, CancellationToken ct)
    {
        if (!Paging.TryId(id, out var flagId))
            return Problems.BadRequest("id must be a positive whole number.");
        var result = await reviews.UndoAsync(flagId, Caller.From(user).AsActor(), options.Value.UndoWindow, options.Value.DefaultLease, ct);
        return ToHttp(flagId, result);
    }

    static async Task<Results<Ok<History>, ProblemHttpResult>> GetHistory(string id, ReviewStore reviews, CancellationToken ct)
    {
        if (!Paging.TryId(id, out var flagId))
            return Problems.BadRequest("id must be a positive whole number.");
        var events = await reviews.HistoryAsync(flagId, ct);
        if (events is null)
            return Problems.NotFound($"There is no flag {flagId}.");
        return TypedResults.Ok(new History(flagId, [.. events.Select(e => new HistoryEntry(e.Id, e.At, e.Actor, e.Action, e.FromStatus, e.ToStatus,
            e.Detail is null ? null : System.Text.Json.JsonSerializer.Deserialize<System.Text.Json.JsonElement>(e.Detail)))]));
    }

    static (Decision Decision, string[] Labels)? Parse(string? decision, IReadOnlyList<string>? labels, string? note)
    {
        if (Describe(decision, labels, note).Length > 0)
            return null;
        var parsed = decision switch { "approve" => Decision.Approve, "remove" => Decision.Remove, _ => Decision.Escalate };
        return (parsed, labels?.Distinct().ToArray() ?? []);
    }

    /// What is wrong with a decision, or "" when nothing is.
    static string Describe(string? decision, IReadOnlyList<string>? labels, string? note)
    {
        if (decision is not ("approve" or "remove" or "escalate"))
            return "decision must be approve, remove or escalate.";
        if (labels is not null && labels.Any(l => l is null || !ToxicityLabels.TryParse(l, out _)))
            return $"labels: each must be one of {string.Join(", ", ToxicityLabels.Names)}.";
        if (decision == "remove" && (labels is null || labels.Count == 0))
            return "remove needs labels: name the ones that apply, they become training labels.";
        if (decision == "approve" && labels is { Count: > 0 })
            return "approve takes no labels: an approved comment carries none.";
        if (note is { Length: > 4000 })
            return "note is limited to 4000 characters.";
        return "";
    }

    static Results<Ok<DecisionResult>, ProblemHttpResult> ToHttp(long flagId, ReviewResult result) => result.Outcome switch
    {
        ReviewOutcome.Done => TypedResults.Ok(new DecisionResult(flagId, StatusCodes.Status200OK, result.Status, null)),
        _ => TypedResults.Problem(result.Detail, statusCode: StatusOf(result.Outcome)),
    };

    static int StatusOf(ReviewOutcome outcome) => outcome switch
    {
        ReviewOutcome.Done => StatusCodes.Status200OK,
        ReviewOutcome.NotFound => StatusCodes.Status404NotFound,
        ReviewOutcome.Forbidden => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status409Conflict,
    };
}
