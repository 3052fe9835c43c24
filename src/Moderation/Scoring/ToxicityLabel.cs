namespace Moderation.Scoring;

/// The six labels of the Jigsaw toxicity taxonomy, in the column order of its CSV layout.
public enum ToxicityLabel
{
    Toxic,
    SevereToxic,
    Obscene,
    Threat,
    Insult,
    IdentityHate,
}

public static class ToxicityLabels
{
    public const int Count = 6;

    public static readonly ToxicityLabel[] All =
        [ToxicityLabel.Toxic, ToxicityLabel.SevereToxic, ToxicityLabel.Obscene, ToxicityLabel.Threat, ToxicityLabel.Insult, ToxicityLabel.IdentityHate];

    /// Wire and column names, as in the Jigsaw CSV header.
    public static readonly string[] Names = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"];

    public static string Name(this ToxicityLabel label) => Names[(int)label];

    public static bool TryParse(string name, out ToxicityLabel label)
    {
        var index = Array.IndexOf(Names, name);
        label = index < 0 ? default : (ToxicityLabel)index;
        return index >= 0;
    }
}
