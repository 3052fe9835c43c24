namespace Moderation.Tests.Scoring;

public class LexiconTests
{
    [Theory]
    [InlineData("Scunthorpe United won")]
    [InlineData("the assassin left")]
    [InlineData("a cocktail party")]
    [InlineData("I read Moby Dick twice")]
    [InlineData("visit http://example.com/shit-list")]
    public void WholeWordsOnlyAndTheAllowListPreventClassicFalsePositives(string text)
    {
        Assert.Empty(TestLexicon.Hits(text));
    }

    [Theory]
    [InlineData("you f*cking... no, you f*ck", "fuck")]
    [InlineData("what a c0ck", "cock")]
    [InlineData("you are pieces of sh1t", "pieces of shit")]
    [InlineData("جثث فاسدة مصاصة الديك", "مصاصة الديك")]
    [InlineData("وكس", "كس")]
    public void HitsSurviveObfuscationPhrasesAndArabicPrefixes(string text, string phrase)
    {
        Assert.Contains(phrase, TestLexicon.Hits(text));
    }
}
