namespace Moderation.Scoring;

/// The one seam between the product and whatever scores text. Implementations must be thread-safe:
/// the host calls Score from many requests and worker threads at once.
public interface IToxicityClassifier
{
    /// Identifies the model that produced a score; stored beside every score.
    string ModelVersion { get; }

    ToxicityPrediction Score(string text);
}

/// Scores holds one calibrated probability per label, indexed by (int)ToxicityLabel.
public sealed record ToxicityPrediction(float[] Scores, IReadOnlyList<ScoreSpan> Spans, IReadOnlyList<ScoreReason> Reasons)
{
    public float this[ToxicityLabel label] => Scores[(int)label];
}

/// A stretch of the original text (UTF-16 offsets, end exclusive) that pushed a label up by Weight.
public sealed record ScoreSpan(int Start, int End, ToxicityLabel Label, float Weight);

/// Why a label scored as it did. Source is "model" or "lexicon".
public sealed record ScoreReason(ToxicityLabel Label, string Source, string Detail);
