using System.Text.RegularExpressions;

namespace Moderation.Scoring;

/// A stand-in for a trained model: a short keyword list, matched on word boundaries. Only a hint, never
/// calibrated; the host uses it when no model file is configured, and tests use it for its predictability.
public sealed class KeywordClassifier : IToxicityClassifier
{
    const float Hit = 0.9f;
    const float Miss = 0.02f;

    static readonly (Regex Pattern, ToxicityLabel[] Labels)[] Rules =
    [
        (Words("fuck|fucking|fucked|shit|shht|cunt|cock|dick|pussy|whore|slut|bitch|bastard|asshole"), [ToxicityLabel.Toxic, ToxicityLabel.Obscene]),
        (Words("idiot|idiots|stupid|moron|morons|dumb|dumm|loser|losers|suckers|scum|pieces of shit"), [ToxicityLabel.Toxic, ToxicityLabel.Insult]),
        (Words("nigger|niggers|negroes|kike|kikes|faggot|faggots|wetback|towelhead|ruskie"), [ToxicityLabel.Toxic, ToxicityLabel.IdentityHate, ToxicityLabel.Insult]),
        (Words("kill you|i will kill|should be shot|going to kill|burn you"), [ToxicityLabel.Toxic, ToxicityLabel.Threat]),
        (Words("مصاصة الديك|كس|شرموطة"), [ToxicityLabel.Toxic, ToxicityLabel.Obscene, ToxicityLabel.Insult]),
    ];

    public string ModelVersion => "keywords-1";

    public ToxicityPrediction Score(string text)
    {
        var scores = new float[ToxicityLabels.Count];
        Array.Fill(scores, Miss);
        var spans = new List<ScoreSpan>();
        var reasons = new List<ScoreReason>();
        foreach (var (pattern, labels) in Rules)
        {
            foreach (Match match in pattern.Matches(text))
            {
                foreach (var label in labels)
                {
                    scores[(int)label] = Hit;
                    spans.Add(new ScoreSpan(match.Index, match.Index + match.Length, label, Hit));
                    reasons.Add(new ScoreReason(label, "lexicon", $"keyword \"{match.Value}\""));
                }
            }
        }
        return new ToxicityPrediction(scores, spans, reasons);
    }

    static Regex Words(string alternatives) =>
        new($@"(?<![\p{{L}}\p{{N}}])(?:{alternatives})(?![\p{{L}}\p{{N}}])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
}
