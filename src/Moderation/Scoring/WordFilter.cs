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

    // FNV-1a over UTF-16 code units.
    public static uint Hash(ReadOnlySpan<char> word)
    {
        var h = 0x811C9DC5u;
        foreach (var c in word)
            h = (h ^ c) * 0x01000193;
        return h;
    }

    private static int Slot(uint hash) => (int)(hash * 0x9E3779B1u >> (32 - Bits));
}
