using System.Text;
using Moderation.Extraction;

namespace Moderation.Tests.Extraction;

public class JsonLinesFormatTests
{
    static readonly JsonLinesFormat Format = new();

    [Fact]
    public void EachArticleIsYieldedTheFirstTimeItsUrlAppears()
    {
        var items = Samples.Read(Format, "comments.jsonl");

        var articles = items.OfType<ExtractedArticle>().ToList();
        Assert.Equal(["https://townhall.example/budget-2026", "https://townhall.example/library-hours"], articles.Select(a => a.Key));
        Assert.Equal(["Budget 2026: what changes for renters", "Library to open on Sundays"], articles.Select(a => a.Title));
        Assert.Equal(articles.Select(a => a.Key), articles.Select(a => a.Url));
        Assert.IsType<ExtractedArticle>(items[0]);
        Assert.IsType<ExtractedArticle>(items[items.FindIndex(i => i is ExtractedComment { Author: "Ines" }) - 1]);
    }

    [Fact]
    public void CommentsKeepAuthorsIdsParentsAndTimes()
    {
        var comments = Samples.Read(Format, "comments.jsonl").OfType<ExtractedComment>().ToList();

        Assert.Equal(["Kemal", "Dana", "Ines", null], comments.Select(c => c.Author));
        Assert.Equal(["j-1", "j-2", "77", "78"], comments.Select(c => c.ExternalId));
        Assert.Equal([null, "j-1", null, "77"], comments.Select(c => c.ParentId));
        Assert.Equal(new DateTimeOffset(2026, 2, 1, 9, 20, 0, TimeSpan.Zero), comments[1].CreatedAt);
        Assert.Equal("Only if landlords follow it.", comments[1].Text);
    }

    [Fact]
    public void BadLinesAreReportedWithTheirLineNumberAndTheRestIsRead()
    {
        var warnings = Samples.Read(Format, "comments.jsonl").OfType<ExtractionWarning>().Select(w => w.Message).ToList();

        Assert.Equal(3, warnings.Count);
        Assert.StartsWith("line 3: not valid JSON", warnings[0]);
        Assert.StartsWith("line 7: not a JSON object", warnings[1]);
        Assert.StartsWith("line 8: createdAt \"next tuesday\" is not a date", warnings[2]);
    }

    [Fact]
    public void LinesSplitAcrossReadBuffersAndOverlongLinesAreHandled()
    {
        var text = new StringBuilder();
        text.Append("{\"articleUrl\":\"https://a.example/x\",\"text\":\"").Append('y', 3 * 1024 * 1024).Append("\"}\n");
        for (var i = 0; i < 5000; i++)
        {
            text.Append("{\"articleUrl\":\"https://a.example/x\",\"author\":\"reader ").Append(i).Append("\",\"text\":\"comment number ").Append(i).Append("\"}\r\n");
        }

        var items = Samples.Read(Format, Encoding.UTF8.GetBytes(text.ToString()));

        Assert.StartsWith("line 1: longer than", Assert.IsType<ExtractionWarning>(items[0]).Message);
        var comments = items.OfType<ExtractedComment>().ToList();
        Assert.Equal(5000, comments.Count);
        Assert.Equal("comment number 4999", comments[^1].Text);
    }

    [Fact]
    public void AByteOrderMarkIsNotABadFirstLine()
    {
        var content = Encoding.UTF8.GetPreamble().Concat(Samples.Bytes("comments.jsonl")).ToArray();

        Assert.Equal("Kemal", Samples.Read(Format, content).OfType<ExtractedComment>().First().Author);
    }

    [Fact]
    public void BadDocumentsFailWithAClearMessage()
    {
        var latin1 = Encoding.Latin1.GetBytes("{\"articleUrl\":\"https://a.example/\",\"author\":\"Zoë\",\"text\":\"très bien\"}\n");

        Assert.Contains("empty", Assert.Throws<ExtractionException>(() => Samples.Read(Format, [])).Message);
        Assert.Contains("binary", Assert.Throws<ExtractionException>(() => Samples.Read(Format, Samples.Binary)).Message);
        Assert.Contains("line 1 is not valid UTF-8", Assert.Throws<ExtractionException>(() => Samples.Read(Format, latin1)).Message);
        Assert.Contains("none of the 2 lines", Assert.Throws<ExtractionException>(() => Samples.Read(Format, "{}\n[1]\n"u8.ToArray())).Message);
    }
}
