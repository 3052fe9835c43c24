namespace Moderation.Scoring;

// The words the normalizer may resolve a masked or stretched word to (the lexicon's words).
public sealed class NormalizerVocabulary
{
    private readonly HashSet<string> words;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> lookup;
    private readonly Dictionary<int, List<string>> byLength = [];

    public NormalizerVocabulary(IEnumerable<string> words)
    {
        this.words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in words)
        {
            if (word.Length < 3 || !this.words.Add(word))
                continue;
            if (!byLength.TryGetValue(word.Length, out var list))
                byLength[word.Length] = list = [];
            list.Add(word);
        }
        lookup = this.words.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public static NormalizerVocabulary Empty { get; } = new([]);

    public bool Contains(ReadOnlySpan<char> word) => lookup.Contains(word);

    // "f*ck" or "sh**": the first known word of the same length that agrees on every unmasked
    // letter. At least two letters must be visible, or any short word would match.
    public string? ResolveMask(ReadOnlySpan<char> masked)
    {
        if (Contains(masked))
            return null;
        var visible = masked.Length - masked.Count('*');
        if (visible < 2 || !byLength.TryGetValue(masked.Length, out var candidates))
            return null;
        foreach (var word in candidates)
        {
            var match = true;
            for (var i = 0; i < masked.Length && match; i++)
                match = masked[i] == '*' || masked[i] == word[i];
            if (match)
                return word;
        }
        return null;
    }
}
