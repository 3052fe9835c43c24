using Moderation.Scoring;

namespace Moderation.Tests.Scoring;

// A few entries written for the tests, so they need nothing from ../shared.
internal static class TestLexicon
{
    public static readonly Lexicon Instance = Lexicon.Parse("""
        en	profanity	fuck
        en	profanity	shit
        en	profanity	cunt
        en	profanity	cock
        en	profanity	ass
        en	profanity	dick
        en	insult	stupid
        en	insult	idiot
        en	insult	pieces of shit
        en	slur	kike
        en	allow	moby dick
        ar	insult	مصاصة الديك
        ar	profanity	كس
        """);

    public static List<string> Words(string text)
    {
        var n = new NormalizedText();
        Instance.Normalizer.Normalize(text, n);
        return Enumerable.Range(0, n.TokenCount).Where(i => n.Tokens[i].Kind != TokenKind.Punct).Select(n.TextOf).ToList();
    }

    public static List<string> Hits(string text)
    {
        var n = new NormalizedText();
        Instance.Normalizer.Normalize(text, n);
        var hits = new List<LexiconHit>();
        Instance.Match(n, hits);
        return hits.Select(h => h.Entry.Phrase).ToList();
    }
}
