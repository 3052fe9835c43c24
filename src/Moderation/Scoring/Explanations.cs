using System.Text.Json;
using System.Text.Json.Serialization;

namespace Moderation.Scoring;

/// The spans and reasons behind a score, in the shape the API shows them (label names, not numbers).
public static class Explanations
{
    public sealed record Span(int Start, int End, string Label, float Weight);

    public sealed record Reason(string Label, string Source, string Detail);

    public sealed record Explanation(IReadOnlyList<Span> Spans, IReadOnlyList<Reason> Reasons);

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    public static Explanation Of(ToxicityPrediction prediction) => new(
        [.. prediction.Spans.Select(s => new Span(s.Start, s.End, s.Label.Name(), s.Weight))],
        [.. prediction.Reasons.Select(r => new Reason(r.Label.Name(), r.Source, r.Detail))]);

    public static string ToJson(ToxicityPrediction prediction) => JsonSerializer.Serialize(Of(prediction), Json);

    public static Explanation FromJson(string json) =>
        JsonSerializer.Deserialize<Explanation>(json, Json) ?? new Explanation([], []);

    /// Scores keyed by label name, in label order.
    public static Dictionary<string, float> ScoreMap(IReadOnlyList<float> scores)
    {
        var map = new Dictionary<string, float>(ToxicityLabels.Count);
        for (var i = 0; i < ToxicityLabels.Count; i++)
            map[ToxicityLabels.Names[i]] = scores[i];
        return map;
    }
}
