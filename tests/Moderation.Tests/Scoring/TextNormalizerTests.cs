using Moderation.Scoring;

namespace Moderation.Tests.Scoring;

public class TextNormalizerTests
{
    [Theory]
    [InlineData("you f*ck off", "f*ck", "fuck")]
    [InlineData("oh sh**", "sh**", "shit")]
    [InlineData("what a sh1t show", "sh1t", "shit")]
    [InlineData("total $hit", "$hit", "shit")]
    [InlineData("fuuuuuck that", "fuuuuuck", "fuck")]
    [InlineData("you are an іdiot", "іdiot", "idiot")]
    [InlineData("so s.t.u.p.i.d really", "s.t.u.p.i.d", "stupid")]
    [InlineData("well f-u-c-k", "f-u-c-k", "fuck")]
    [InlineData("fu\u200Bck\u200D you", "fu\u200Bck", "fuck")]
    [InlineData("ｆｕｃｋ you", "ｆｕｃｋ", "fuck")]
    [InlineData("FUCK you", "FUCK", "fuck")]
    [InlineData("such a Stüpid idea", "Stüpid", "stupid")]
    public void ObfuscatedWordsNormalizeWithOffsetsIntoTheOriginal(string text, string written, string expected)
    {
        var n = new NormalizedText();
        TestLexicon.Instance.Normalizer.Normalize(text, n);
        var index = Enumerable.Range(0, n.TokenCount).Single(i => n.TextOf(i) == expected);
        var (start, end) = n.Original(n.Tokens[index]);
        Assert.Equal(written, text[start..end]);
    }

    [Fact]
    public void SpacedLettersJoinIntoOneWordSpanningThemAll()
    {
        const string text = "hey f u c k you";
        var n = new NormalizedText();
        TestLexicon.Instance.Normalizer.Normalize(text, n);
        Assert.Equal(["hey", "fuck", "you"], Enumerable.Range(0, n.TokenCount).Select(n.TextOf));
        var (start, end) = n.Original(n.Tokens[1]);
        Assert.Equal("f u c k", text[start..end]);
    }

    [Fact]
    public void OrdinaryNumbersAndUrlsAreNotLeetspeak()
    {
        Assert.Equal(["the", "1st", "of", "10", "cars", "on", "21st", "street"], TestLexicon.Words("The 1st of 10 cars on 21st street!"));
        Assert.Equal(["see", "url", "now"], TestLexicon.Words("see https://example.com/a5s?x=sh1t now"));
    }

    [Fact]
    public void PunctuationRunsBecomeTheirOwnShortTokensAndApostrophesSplitWords()
    {
        var n = new NormalizedText();
        TestLexicon.Instance.Normalizer.Normalize("I'll go!!!!!", n);
        var tokens = Enumerable.Range(0, n.TokenCount).Select(i => (n.TextOf(i), n.Tokens[i].Kind)).ToList();
        Assert.Equal([("i", TokenKind.Word), ("ll", TokenKind.Word), ("go", TokenKind.Word), ("!!", TokenKind.Punct)], tokens);
        Assert.Equal((7, 12), n.Original(n.Tokens[3]));
    }

    [Fact]
    public void OtherScriptsAreLeftAloneWhenNoLatinLetterIsInTheWord()
    {
        Assert.Equal(["привет", "мир"], TestLexicon.Words("Привет мир"));
    }

    [Fact]
    public void ArabicLetterVariantsAndDiacriticsFold()
    {
        Assert.Equal(["مصاصه", "الديك"], TestLexicon.Words("مُصاصة الدّيك"));
    }
}
