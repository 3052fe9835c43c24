namespace Moderation.Scoring;

// A bit per hash of a word list: a cheap "certainly not in the list" test before a dictionary
// lookup, with the word hash the featurizer computes anyway.
public sealed class WordFilter
{
    private const int Bits = 16;
    private readonly ulong[] bits = new ulong[(1 << Bits) / 64];

    public WordFilter(IEnumerable<string> words)
    {
        foreach (var word in words)
        {
            var slot = Slot(Hash(word));
            bits[slot >> 6] |= 1UL << slot;
        }
    }

    public bool MayContain(uint hash)
    {
        var slot = Slot(hash);
        return (bits[slot >> 6] & (1UL << slot)) != 0;
    }

    // FNV-1a over UTF-16 code units; another seed gives an unrelated family of hashes.
    public static uint Hash(ReadOnlySpan<char> word, uint seed = 0x811C9DC5)
    {
        var h = seed;
        foreach (var c in word)
            h = (h ^ c) * 0x01000193;
        return h;
    }

    // The hash of every token, which the lexicon, the patterns, the identity terms and the
    // mentions all test against their filters.
    public static void HashTokens(NormalizedText text, Span<uint> hashes)
    {
        for (var t = 0; t < text.TokenCount; t++)
            hashes[t] = Hash(text.Text(text.Tokens[t]));
    }

    private static int Slot(uint hash) => (int)(hash * 0x9E3779B1u >> (32 - Bits));
}
