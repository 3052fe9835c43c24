using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Moderation.Scoring;

// Character n-grams stay inside words (each word padded with a space, like scikit-learn's char_wb):
// grams across word boundaries measured worse on every source (civil 0.9685 vs 0.9712, stormfront
// 0.8651 vs 0.8716 toxic ROC-AUC), and word bigrams already carry the context across words.
// IdentityClass defaults to off so that models saved before it load unchanged; the trainer turns
// it on (TrainingOptions.Default).
public sealed record FeaturizerSettings(
    int HashBits = 20, int MinCharN = 2, int MaxCharN = 5, bool WordBigrams = true, bool IdentityClass = false);

// Hashed word 1-2-grams and character n-grams of the normalized text,
// plus a feature per lexicon category and pattern hit, so the model can weigh them. Counts
// feed sublinear TF-IDF, L2-normalized per block (words, characters) as two stacked vectorizers would.
// With IdentityClass, the identity terms of one kind (IdentityTerms) share one word feature and have
// no character grams.
public sealed class Featurizer(FeaturizerSettings settings, Lexicon lexicon)
{
    public const int WordBlock = 0;
    public const int CharBlock = 1;

    private const uint IdentityHash = 0x1D3A7F25;

    // One feature per lexicon category, hashed from its name once rather than per hit.
    private static readonly uint[] CategoryHashes = Enum.GetValues<LexiconCategory>().Select(c => WordFilter.Hash(c.ToString(), 0x1234567)).ToArray();

    private readonly int shift = 32 - settings.HashBits;

    public FeaturizerSettings Settings => settings;

    public Lexicon Lexicon => lexicon;

    public int Dimension => 1 << settings.HashBits;

    // Fills scratch with the distinct features of text and their counts; each feature keeps the
    // token it first came from, for explanations.
    public void Extract(string text, FeatureScratch s)
    {
        s.Reset();
        var n = s.Normalized;
        lexicon.Normalizer.Normalize(text, n);
        var hashes = s.TokenHashes.Length >= n.TokenCount ? s.TokenHashes : s.TokenHashes = new uint[n.TokenCount * 2];
        WordFilter.HashTokens(n, hashes);
        lexicon.Match(n, hashes, s.LexiconHits);
        AbusePatterns.Match(n, hashes, s.PatternHits);
        var identity = s.Identity.Length >= n.TokenCount ? s.Identity : s.Identity = new sbyte[n.TokenCount * 2];
        for (var t = 0; t < n.TokenCount; t++)
            identity[t] = settings.IdentityClass ? (sbyte)IdentityTerms.Kind(n.Text(n.Tokens[t]), hashes[t]) : (sbyte)-1;
        uint previous = 0;
        var words = 0;
        for (var t = 0; t < n.TokenCount; t++)
        {
            if (n.Tokens[t].Kind == TokenKind.Punct)
                continue;
            var h = identity[t] >= 0 ? IdentityHash + (uint)identity[t] : hashes[t];
            s.Add(Bucket(h), WordBlock, t);
            if (settings.WordBigrams && words++ > 0)
                s.Add(Bucket(h * 0x01000193 ^ previous * 0x2545F491 ^ 0x5bd1e995), WordBlock, t);
            previous = h;
        }
        foreach (var hit in s.LexiconHits)
            s.Add(Bucket(CategoryHashes[(int)hit.Entry.Category]), WordBlock, hit.FirstToken);
        foreach (var hit in s.PatternHits)
            s.Add(Bucket(WordFilter.Hash(hit.Pattern.Name, 0x7654321)), WordBlock, -1);
        if (n.Letters >= 12 && n.UpperLetters * 2 > n.Letters)
            s.Add(Bucket(unchecked(0xCA95u * 0x9E3779B1)), WordBlock, -1);
        AddCharGrams(n, s);
    }

    private void AddCharGrams(NormalizedText n, FeatureScratch s)
    {
        for (var t = 0; t < n.TokenCount; t++)
        {
            if (s.Identity[t] < 0)
                AddCharGrams(n.Chars, n.Tokens[t].Start - 1, n.Tokens[t].Start + n.Tokens[t].Length + 1, s, t);
        }
    }

    // Grams of chars[from..to), one token padded with a space at each end: from and to - 1 read as
    // the padding. Every gram is credited to the token.
    private void AddCharGrams(char[] chars, int from, int to, FeatureScratch s, int token)
    {
        for (var p = from; p < to; p++)
        {
            var h = 0x811C9DC5u;
            for (var k = 0; k < settings.MaxCharN && p + k < to; k++)
            {
                var q = p + k;
                var c = q <= from || q >= to - 1 ? ' ' : chars[q];
                h = (h ^ c) * 0x01000193;
                if (k + 1 >= settings.MinCharN)
                    s.Add(Bucket(h + (uint)k * 0x68E31DA4), CharBlock, token);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Bucket(uint h) => (int)((h * 0x9E3779B1u) >> shift);
}

// Per-thread working memory for featurization: an open-addressing table from (bucket, block) to
// distinct feature, cleared by walking only the slots that were used.
public sealed class FeatureScratch
{
    public readonly NormalizedText Normalized = new();
    public readonly List<LexiconHit> LexiconHits = [];
    public readonly List<PatternHit> PatternHits = [];

    public int[] Buckets = new int[1024];
    public int[] Counts = new int[1024];
    public byte[] Blocks = new byte[1024];
    public float[] Values = new float[1024];
    public int[] FirstTokens = new int[1024];
    public int Distinct;
    // Each feature's model row, as the classifier last gathered them.
    public long[] Rows = new long[1024];
    public uint[] TokenHashes = new uint[256];
    public sbyte[] Identity = new sbyte[256];
    // Address of the scoring model's table (eight bytes per bucket), or 0. Each new feature's row
    // is prefetched, so its cache miss overlaps featurization instead of all of them waiting in
    // the margin loop.
    public nint ModelRows;

    private int[] slots = new int[1024];
    private int[] keys = new int[4096];
    private int[] features = new int[4096];
    private int mask = 4095;

    public void Reset()
    {
        for (var i = 0; i < Distinct; i++)
            keys[slots[i]] = 0;
        Distinct = 0;
    }

    public void Add(int bucket, int block, int token)
    {
        var key = bucket * 2 + block + 1;
        var slot = (int)((uint)key * 0x9E3779B1u >> 12) & mask;
        while (true)
        {
            var k = keys[slot];
            if (k == key)
            {
                Counts[features[slot]]++;
                return;
            }
            if (k == 0)
                break;
            slot = (slot + 1) & mask;
        }
        var feature = Distinct++;
        if (feature == Buckets.Length)
        {
            Array.Resize(ref Buckets, feature * 2);
            Array.Resize(ref Counts, feature * 2);
            Array.Resize(ref Blocks, feature * 2);
            Array.Resize(ref Values, feature * 2);
            Array.Resize(ref FirstTokens, feature * 2);
            Array.Resize(ref slots, feature * 2);
        }
        if (ModelRows != 0)
            Prefetch(ModelRows + bucket * sizeof(long));
        Buckets[feature] = bucket;
        Blocks[feature] = (byte)block;
        Counts[feature] = 1;
        FirstTokens[feature] = token;
        keys[slot] = key;
        features[slot] = feature;
        slots[feature] = slot;
        if (Distinct * 2 > keys.Length)
            Grow();
    }

    // A prefetch never faults, so a stale address costs nothing but the wasted read.
    private static unsafe void Prefetch(nint address)
    {
        if (Sse.IsSupported)
            Sse.Prefetch0((void*)address);
    }

    private void Grow()
    {
        keys = new int[keys.Length * 2];
        features = new int[keys.Length];
        mask = keys.Length - 1;
        for (var f = 0; f < Distinct; f++)
        {
            var key = Buckets[f] * 2 + Blocks[f] + 1;
            var slot = (int)((uint)key * 0x9E3779B1u >> 12) & mask;
            while (keys[slot] != 0)
                slot = (slot + 1) & mask;
            keys[slot] = key;
            features[slot] = f;
            slots[f] = slot;
        }
    }
}
