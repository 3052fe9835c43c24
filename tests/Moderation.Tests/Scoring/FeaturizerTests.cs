using Moderation.Scoring;

namespace Moderation.Tests.Scoring;

public class FeaturizerTests
{
    private static readonly Featurizer Featurizer = new(new FeaturizerSettings(HashBits: 16), TestLexicon.Instance);

    private static HashSet<(int, byte, int)> Features(string text)
    {
        var s = new FeatureScratch();
        Featurizer.Extract(text, s);
        return Enumerable.Range(0, s.Distinct).Select(i => (s.Buckets[i], s.Blocks[i], s.Counts[i])).ToHashSet();
    }

    [Fact]
    public void ObfuscatedAndPlainTextGiveTheSameFeatures()
    {
        Assert.Equal(Features("you stupid idiot!!"), Features("ʏou s.t.u.p.i.d іd10t!!!"));
    }

    [Fact]
    public void WordAndCharacterGramsAreBothPresentAndCounted()
    {
        var s = new FeatureScratch();
        Featurizer.Extract("ab ab", s);
        var blocks = Enumerable.Range(0, s.Distinct).Select(i => s.Blocks[i]).ToList();
        Assert.Contains(Featurizer.WordBlock, blocks.Select(b => (int)b));
        Assert.Contains(Featurizer.CharBlock, blocks.Select(b => (int)b));
        // "ab" twice as a word, plus the bigram "ab ab".
        var wordCounts = Enumerable.Range(0, s.Distinct).Where(i => s.Blocks[i] == Featurizer.WordBlock).Select(i => s.Counts[i]).Order().ToList();
        Assert.Equal([1, 2], wordCounts);
    }

    [Fact]
    public void EachBlockIsScaledToUnitLength()
    {
        var s = new FeatureScratch();
        Featurizer.Extract("you are a stupid idiot, you know", s);
        var idf = Enumerable.Repeat(1.5f, Featurizer.Dimension).ToArray();
        s.Weigh(idf);
        foreach (var block in new[] { Featurizer.WordBlock, Featurizer.CharBlock })
        {
            var norm = Enumerable.Range(0, s.Distinct).Where(i => s.Blocks[i] == block).Sum(i => (double)s.Values[i] * s.Values[i]);
            Assert.Equal(1, norm, 4);
        }
    }

    [Fact]
    public void ScratchReuseGivesTheSameAnswer()
    {
        var s = new FeatureScratch();
        Featurizer.Extract(string.Concat(Enumerable.Repeat("a long text with many words ", 200)), s);
        Featurizer.Extract("short text", s);
        var again = Enumerable.Range(0, s.Distinct).Select(i => (s.Buckets[i], s.Blocks[i], s.Counts[i])).ToHashSet();
        Assert.Equal(Features("short text"), again);
    }
}
