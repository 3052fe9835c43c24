using Moderation.Scoring;

namespace Moderation.Tests.Scoring;

public class MentionsTests
{
    private static (NormalizedText N, uint[] Hashes, Mention[] Mentioned) Mark(string text)
    {
        var n = new NormalizedText();
        TestLexicon.Instance.Normalizer.Normalize(text, n);
        var hashes = new uint[n.TokenCount];
        WordFilter.HashTokens(n, hashes);
        var mentioned = new Mention[n.TokenCount];
        Mentions.Mark(text, n, hashes, mentioned);
        return (n, hashes, mentioned);
    }

    private static string[] Mentioned(string text)
    {
        var (n, _, mentioned) = Mark(text);
        return Enumerable.Range(0, n.TokenCount).Where(t => mentioned[t] != Mention.None).Select(n.TextOf).ToArray();
    }

    private static bool Denounced(string text)
    {
        var (n, hashes, mentioned) = Mark(text);
        return Mentions.Denounced(n, hashes, mentioned);
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

    [Fact]
    public void AJudgementEndsACuesScope()
    {
        Assert.Equal(["someone", "a", "faggot", "is", "a"], Mentioned("Calling someone a faggot is a slur"));
    }

    [Theory]
    [InlineData("Saying 'women are stupid' is sexist.")]
    [InlineData("Calling someone a faggot is a slur and it is never acceptable.")]
    [InlineData("We should stop calling disabled people retarded.")]
    [InlineData("The article says immigrants are criminals, which the data refutes.")]
    [InlineData("Quoting the troll: 'you people are vermin'. We banned him.")]
    [InlineData("The word 'kike' has a long history.")]
    public void TextsThatCondemnWhatTheyMentionAreDenounced(string text)
    {
        Assert.True(Denounced(text));
    }

    [Theory]
    [InlineData("He said 'you are an idiot' and he is right.")]
    [InlineData("I keep calling him a racist hypocrite, you idiot")]
    [InlineData("Everyone is saying you are an idiot.")]
    [InlineData("That is racist and wrong.")]
    [InlineData("Calling you a stupid moron is not wrong.")]
    [InlineData("I'm saying you are a moron and you are wrong")]
    [InlineData("Saying 'women are stupid' isn't sexist.")]
    public void MentionsWithoutACondemnationAreNotDenounced(string text)
    {
        Assert.False(Denounced(text));
    }

    [Fact]
    public void WordsAimedAtTheReaderEndACuesScope()
    {
        Assert.Equal(["me", "a", "faggot"], Mentioned("stop calling me a faggot you piece of shit"));
    }

    [Fact]
    public void ACueBeforeAQuotationMentionsJustTheQuotation()
    {
        Assert.Equal(["moron"], Mentioned("The word 'moron' describes you perfectly you stupid moron"));
    }

    [Fact]
    public void BlankingRemovesTheMentionedWordsAndKeepsOffsets()
    {
        const string text = "Saying 'women are stupid' is sexist.";
        var (n, _, mentioned) = Mark(text);
        Assert.Equal("Saying '                ' is sexist.", Mentions.Blank(text, n, mentioned));
    }
}
