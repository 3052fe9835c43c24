using Moderation.Extraction;

namespace Moderation.Tests.Extraction;

public class SeedTextExtractorTests
{
    static SeedExtraction Seed(string prefix) =>
        SeedTextExtractor.Extract(File.ReadAllText(Directory.GetFiles(RepoFiles.Path("seeds"), prefix + "_*.txt").Single()));

    [Fact]
    public void TheArticleWithCommentsYieldsEachReaderCommentInOrder()
    {
        var seed = Seed("000");

        string[] expectedStarts =
        [
            "North Koreans won against the US", "I agree with the writer", "News flash dumm ruskie", "Ihor, all the fighting",
            "Muhammad Allah جثث", "The Zionist United States", "I didn’t know white guys", "Read once more.", "He didn’t say that.",
            "How about Korea?", "“Some suckers never learn”", "Russia has mobilized", "No problem pal", "Ihor! You got your electricity",
            "I will tell whats coming", "Too late we already skinned", "Speaking of going down fast", "Nato troops are already",
            "Ukrainians are being used", "US.gov even hates Americans", "Peace now looks like a psyop", "Fuck the UN",
            "Only one word needed.", "This is just like in the yugoslav war", "The only ones constantly whining", "Tree leaves are falling",
            "No need for peace talk", "flush goes the nation", "Russia, Has set up", "Russia just keeps retreating", "Keep calm.",
        ];
        Assert.Equal(expectedStarts.Length, seed.Comments.Count);
        for (var i = 0; i < expectedStarts.Length; i++)
            Assert.StartsWith(expectedStarts[i], seed.Comments[i].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void AParagraphThatRunsOnStaysInItsComment()
    {
        var comments = Seed("000").Comments;

        var zionist = comments.Single(c => c.Text.StartsWith("The Zionist", StringComparison.Ordinal));
        Assert.Equal(3, zionist.Text.Split("\n\n").Length);
        var fuck = comments.Single(c => c.Text.StartsWith("Fuck the UN", StringComparison.Ordinal));
        Assert.EndsWith("whatever remains of their army…", fuck.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ANameOnItsOwnLineIsTheAuthorOfTheCommentUnderIt()
    {
        var comments = Seed("000").Comments;

        var byWilliam = Assert.Single(comments, c => c.Author is not null);
        Assert.Equal("William White", byWilliam.Author);
        Assert.Equal("I didn’t know white guys came so stupid?", byWilliam.Text);
        Assert.DoesNotContain(comments, c => c.Text == "William White");
    }

    [Fact]
    public void TheBodyHoldsTheArticleAndNoComment()
    {
        var seed = Seed("000");

        Assert.Equal("Why Does US Insist On Peace Talks Between Kiev And Moscow?", seed.Title);
        Assert.Equal("Lucas Leiroz", seed.Byline);
        Assert.StartsWith("Faced with the possibility of a catastrophe", seed.Body, StringComparison.Ordinal);
        Assert.EndsWith("“it did everything possible” to avoid the catastrophe.", seed.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Written by", seed.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("001", "Is this the Time for Peace?", "Ted Snider", "For months, the US refused", "If secret talks are not already underway, hopefully, they will be soon.")]
    [InlineData("002", "US Decides Whether or Not Kiev Should Negotiate Peace", "Lucas Leiroz de Almeida", "*The announcement of Chinese President Xi", "talk to Putin")]
    [InlineData("003", "US Prepares for Talks With Putin After Ukrainian Offensive", null, "Some high-ranking US officials", "liberate the territ")]
    [InlineData("004", "Report: Some US and Western Officials Think Winter Will Provide Chance for Diplomacy in Ukraine", "Dave DeCamp", "Italian media reported US and NATO", "")]
    public void ArticlesWithoutACommentSectionYieldNoCommentsAndNoBoilerplate(string seedPrefix, string title, string? byline, string bodyStart, string bodyContains)
    {
        var seed = Seed(seedPrefix);

        Assert.Empty(seed.Comments);
        Assert.Equal(title, seed.Title);
        Assert.Equal(byline, seed.Byline);
        Assert.StartsWith(bodyStart, seed.Body, StringComparison.Ordinal);
        Assert.Contains(bodyContains, seed.Body, StringComparison.Ordinal);
        foreach (var chrome in new[] { "Note to readers", "Copyright", "Become a Member", "Disclaimer", "Follow us on", "Region:", "Home »", "Source :", "Author:", "](#)" })
            Assert.DoesNotContain(chrome, seed.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyDocumentFails()
    {
        var error = Assert.Throws<ExtractionException>(() => SeedTextExtractor.Extract(" \n\n "));
        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WindowsLineEndingsSegmentTheSameWay()
    {
        var text = File.ReadAllText(Directory.GetFiles(RepoFiles.Path("seeds"), "000_*.txt").Single());

        var unix = SeedTextExtractor.Extract(text);
        var windows = SeedTextExtractor.Extract(text.Replace("\n", "\r\n", StringComparison.Ordinal));

        Assert.Equal(unix.Comments, windows.Comments);
    }
}
