using System.ComponentModel.DataAnnotations;
using Moderation.Scoring;

namespace Moderation.Queue;

public sealed class FlagOptions
{
    public const string Section = "Moderation:Flags";

    /// A comment is flagged when any label's probability reaches its threshold.
    [Range(0.0, 1.0)]
    public double Threshold { get; set; } = 0.5;

    /// Per-label overrides of Threshold, by label name (e.g. "threat": 0.3).
    public Dictionary<string, double> LabelThresholds { get; set; } = [];
}

/// Decides which scored comments go to the queue and in what order moderators see them.
public sealed class FlagPolicy
{
    // Threats and severe abuse harm people fastest, so they come first; plain rudeness waits.
    static readonly float[] Urgency = [0.6f, 1.0f, 0.5f, 1.0f, 0.7f, 0.9f];

    readonly float[] thresholds;

    public FlagPolicy(FlagOptions options)
    {
        thresholds = new float[ToxicityLabels.Count];
        foreach (var label in ToxicityLabels.All)
            thresholds[(int)label] = (float)(options.LabelThresholds.TryGetValue(label.Name(), out var t) ? t : options.Threshold);
    }

    public bool IsFlagged(float[] scores)
    {
        for (var i = 0; i < scores.Length; i++)
            if (scores[i] >= thresholds[i])
                return true;
        return false;
    }

    /// 0 to 100: the most urgent label's probability weighted by how urgent that label is.
    public float Priority(float[] scores)
    {
        var max = 0f;
        for (var i = 0; i < scores.Length; i++)
            max = Math.Max(max, scores[i] * Urgency[i]);
        return MathF.Round(max * 100f, 2);
    }
}
