using System.ComponentModel.DataAnnotations;
using Moderation.Scoring;

namespace Moderation.Queue;

public sealed class FlagOptions
{
    public const string Section = "Moderation:Flags";

    /// A comment goes to review (and, when stored, to the queue) when any label's probability reaches this.
    [Range(0.0, 1.0)]
    public double Threshold { get; set; } = 0.5;

    /// At this probability on any label the scoring API answers "block" rather than "review".
    [Range(0.0, 1.0)]
    public double BlockThreshold { get; set; } = 0.9;

    /// Per-label overrides of Threshold, by label name (e.g. "threat": 0.3).
    public Dictionary<string, double> LabelThresholds { get; set; } = [];

    /// Per-label overrides of BlockThreshold.
    public Dictionary<string, double> LabelBlockThresholds { get; set; } = [];
}

public enum ModerationAction
{
    Allow,
    Review,
    Block,
}

/// Decides what a score means: allow, review or block, whether a stored comment is queued, and in what order.
public sealed class FlagPolicy
{
    // Threats and severe abuse harm people fastest, so they come first; plain rudeness waits.
    static readonly float[] Urgency = [0.6f, 1.0f, 0.5f, 1.0f, 0.7f, 0.9f];

    readonly float[] review;
    readonly float[] block;

    public FlagPolicy(FlagOptions options)
    {
        foreach (var name in options.LabelThresholds.Keys.Concat(options.LabelBlockThresholds.Keys))
            if (!ToxicityLabels.TryParse(name, out _))
                throw new ArgumentException($"Unknown label '{name}' in {FlagOptions.Section}; the labels are {string.Join(", ", ToxicityLabels.Names)}.");
        review = Levels(options.Threshold, options.LabelThresholds);
        block = Levels(options.BlockThreshold, options.LabelBlockThresholds);
    }

    public float ReviewThreshold(ToxicityLabel label) => review[(int)label];

    public ModerationAction Action(float[] scores)
    {
        var action = ModerationAction.Allow;
        for (var i = 0; i < scores.Length; i++)
        {
            if (scores[i] >= block[i])
                return ModerationAction.Block;
            if (scores[i] >= review[i])
                action = ModerationAction.Review;
        }
        return action;
    }

    public bool IsFlagged(float[] scores) => Action(scores) != ModerationAction.Allow;

    /// 0 to 100: the most urgent label's probability weighted by how urgent that label is.
    public float Priority(float[] scores)
    {
        var max = 0f;
        for (var i = 0; i < scores.Length; i++)
            max = Math.Max(max, scores[i] * Urgency[i]);
        return MathF.Round(max * 100f, 2);
    }

    static float[] Levels(double fallback, Dictionary<string, double> overrides) =>
        [.. ToxicityLabels.All.Select(l => (float)(overrides.TryGetValue(l.Name(), out var t) ? t : fallback))];
}
