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
    public void IdentityTermsOfOneKindShareTheirFeatures()
    {
        var identity = new Featurizer(new FeaturizerSettings(HashBits: 16, IdentityClass: true), TestLexicon.Instance);
        HashSet<(int, byte, int)> Of(string text)
        {
            var s = new FeatureScratch();
            identity.Extract(text, s);
            return Enumerable.Range(0, s.Distinct).Select(i => (s.Buckets[i], s.Blocks[i], s.Counts[i])).ToHashSet();
        }
        Assert.Equal(Of("i am a gay woman"), Of("i am a lesbian woman"));
        Assert.Equal(Of("muslims live here"), Of("jews live here"));
        Assert.NotEqual(Of("muslims live here"), Of("blacks live here"));
        Assert.NotEqual(Features("i am a gay woman"), Features("i am a lesbian woman"));
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
        LabeledRow[] rows = [new("a:1", "you are a stupid idiot, you know", [1, 0, 0, 0, 0, 0]), new("a:2", "you know the way", [0, 0, 0, 0, 0, 0])];
        var (x, _) = Trainer.Vectorize(Featurizer, rows);
        // Words and characters are each of unit length, so a row has squared length 2.
        for (var r = 0; r < x.Count; r++)
        {
            var squared = Enumerable.Range(x.RowStart[r], x.RowStart[r + 1] - x.RowStart[r]).Sum(k => (double)x.Values[k] * x.Values[k]);
            Assert.Equal(2, squared, 4);
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
