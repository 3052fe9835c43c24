using Moderation.Scoring;

namespace Moderation.Tests.Scoring;

public class MentionsTests
{
    private static string[] Mentioned(string text)
    {
        var n = new NormalizedText();
        TestLexicon.Instance.Normalizer.Normalize(text, n);
        var hashes = new uint[n.TokenCount];
        WordFilter.HashTokens(n, hashes);
        var mentioned = new bool[n.TokenCount];
        Mentions.Mark(text, n, hashes, mentioned);
        return Enumerable.Range(0, n.TokenCount).Where(t => mentioned[t]).Select(n.TextOf).ToArray();
    }

    [Theory]
    [InlineData("The sign read 'women are stupid' in red.", new[] { "women", "are", "stupid" })]
    [InlineData("He wrote “go home” twice", new[] { "go", "home" })]
    [InlineData("the word \"idiot\" again", new[] { "idiot" })]
    public void QuotedWordsAreMentioned(string text, string[] expected)
    {
        Assert.Equal(expected, Mentioned(text));
    }

    [Theory]
    [InlineData("don't you dare, it's the users' fault")]
    [InlineData("\"you are an idiot and everyone knows it\"")]
    [InlineData("an 'unclosed quote runs on")]
    public void ApostrophesAndWholeCommentQuotesMentionNothing(string text)
    {
        Assert.Empty(Mentioned(text));
    }

    [Fact]
    public void ACueMentionsTheRestOfItsClause()
    {
        Assert.Equal(["disabled", "people", "retarded"], Mentioned("We should stop calling disabled people retarded, you idiot"));
    }
}
