using System.Text;

namespace Moderation.Scoring;

public enum LexiconCategory : byte
{
    Slur,
    Profanity,
    Insult,
    Sexual,
    Threat,
    Allow,
}

public sealed record LexiconEntry(string Language, LexiconCategory Category, string Phrase, string[] Tokens);

public readonly record struct LexiconHit(int FirstToken, int TokenCount, LexiconEntry Entry);

// Phrases matched on whole normalized words, so "Scunthorpe", "assassin" and "cocktail" never
// match "cunt", "ass" or "cock", and the same de-obfuscation applies to the text and the list.
// An allow-list phrase covering a hit cancels it ("moby dick").
public sealed class Lexicon
{
    // Arabic attaches conjunctions, prepositions and the article to the word that follows.
    private static readonly string[] ArabicPrefixes = ["وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك"];

    private readonly Dictionary<string, List<LexiconEntry>> byFirst = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<LexiconEntry>>.AlternateLookup<ReadOnlySpan<char>> lookup;
    private readonly WordFilter firstWords;

    public Lexicon(IReadOnlyList<LexiconEntry> entries)
    {
        Entries = entries;
        foreach (var entry in entries)
        {
            if (entry.Tokens.Length == 0)
                continue;
            if (!byFirst.TryGetValue(entry.Tokens[0], out var list))
                byFirst[entry.Tokens[0]] = list = [];
            list.Add(entry);
        }
        lookup = byFirst.GetAlternateLookup<ReadOnlySpan<char>>();
        firstWords = new WordFilter(byFirst.Keys);
        Normalizer = new TextNormalizer(new NormalizerVocabulary(entries.Where(e => e.Category != LexiconCategory.Allow).SelectMany(e => e.Tokens)));
    }

    public IReadOnlyList<LexiconEntry> Entries { get; }

    public TextNormalizer Normalizer { get; }

    // Lines of "language<TAB>category<TAB>phrase"; '#' starts a comment.
    public static Lexicon Parse(string tsv)
    {
        var entries = new List<LexiconEntry>();
        var plain = new TextNormalizer(NormalizerVocabulary.Empty);
        var normalized = new NormalizedText();
        foreach (var line in tsv.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
                continue;
            var parts = line.TrimEnd('\r').Split('\t');
            if (parts.Length != 3 || !Enum.TryParse<LexiconCategory>(parts[1], true, out var category))
                throw new FormatException($"bad lexicon line: {line}");
            plain.Normalize(parts[2], normalized);
            var tokens = new string[normalized.TokenCount];
            for (var i = 0; i < tokens.Length; i++)
                tokens[i] = normalized.TextOf(i);
            entries.Add(new LexiconEntry(parts[0], category, parts[2], tokens));
        }
        return new Lexicon(entries);
    }

    public string ToTsv()
    {
        var sb = new StringBuilder();
        foreach (var e in Entries)
            sb.Append(e.Language).Append('\t').Append(e.Category.ToString().ToLowerInvariant()).Append('\t').Append(e.Phrase).Append('\n');
        return sb.ToString();
    }

    public void Match(NormalizedText text, List<LexiconHit> hits)
    {
        var hashes = new uint[text.TokenCount];
        WordFilter.HashTokens(text, hashes);
        Match(text, hashes, hits);
    }

    // hashes holds WordFilter.Hash of each token.
    public void Match(NormalizedText text, ReadOnlySpan<uint> hashes, List<LexiconHit> hits)
    {
        hits.Clear();
        for (var i = 0; i < text.TokenCount; i++)
        {
            var token = text.Tokens[i];
            if (token.Kind != TokenKind.Word)
                continue;
            var word = text.Text(token);
            var arabic = word.Length >= 3 && word[0] is >= '\u0600' and <= '\u06FF';
            if (!arabic && !firstWords.MayContain(hashes[i]))
                continue;
            if (!lookup.TryGetValue(word, out var entries) && !(arabic && TryArabicStem(word, out entries)))
                continue;
            foreach (var entry in entries)
            {
                if (Matches(text, i, entry))
                    hits.Add(new LexiconHit(i, entry.Tokens.Length, entry));
            }
        }
        RemoveAllowed(hits);
    }

    private bool TryArabicStem(ReadOnlySpan<char> word, out List<LexiconEntry> entries)
    {
        entries = null!;
        foreach (var prefix in ArabicPrefixes)
        {
            if (word.Length - prefix.Length >= 2 && word.StartsWith(prefix.AsSpan(), StringComparison.Ordinal)
                && lookup.TryGetValue(word[prefix.Length..], out var found) && found is not null)
            {
                entries = found;
                return true;
            }
        }
        return false;
    }

    private static bool Matches(NormalizedText text, int first, LexiconEntry entry)
    {
        if (first + entry.Tokens.Length > text.TokenCount)
            return false;
        for (var k = 1; k < entry.Tokens.Length; k++)
        {
            if (!text.Text(text.Tokens[first + k]).SequenceEqual(entry.Tokens[k]))
                return false;
        }
        return true;
    }

    private static void RemoveAllowed(List<LexiconHit> hits)
    {
        for (var a = 0; a < hits.Count; a++)
        {
            var allow = hits[a];
            if (allow.Entry.Category != LexiconCategory.Allow)
                continue;
            hits.RemoveAll(h => h.FirstToken >= allow.FirstToken && h.FirstToken + h.TokenCount <= allow.FirstToken + allow.TokenCount);
            a = -1;
        }
    }
}
