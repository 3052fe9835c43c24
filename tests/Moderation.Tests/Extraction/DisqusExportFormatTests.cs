using System.Text;
using Moderation.Extraction;

namespace Moderation.Tests.Extraction;

public class DisqusExportFormatTests
{
    static readonly DisqusExportFormat Format = new();

    [Fact]
    public void ThreadsBecomeArticlesAndPostsBecomeCommentsInExportOrder()
    {
        var items = Samples.Read(Format, "disqus-export.xml");

        var articles = items.OfType<ExtractedArticle>().ToList();
        Assert.Equal(["7100001", "7100002", "7100003"], articles.Select(a => a.Key));
        Assert.Equal("My kit list & why", articles[1].Title);
        Assert.Equal("https://hillwalker.example/2019/05/scafell-in-cloud/", articles[0].Url);
        Assert.Equal(new DateTimeOffset(2019, 5, 12, 18, 2, 11, TimeSpan.Zero), articles[0].PublishedAt);

        var comments = items.OfType<ExtractedComment>().ToList();
        Assert.Equal(["Pete Walsh", "Ann Gray", "boots4less", "Former user", "Li Wei"], comments.Select(c => c.Author));
        Assert.Equal(["7100001", "7100001", "7100001", "7100002", "7100002"], comments.Select(c => c.ArticleKey));
        Assert.Equal("4400100", comments[1].ParentId);
        Assert.Equal(new DateTimeOffset(2019, 5, 13, 9, 10, 0, TimeSpan.Zero), comments[1].CreatedAt);
        Assert.Equal("We did it in cloud too. Take the Lord's Rake path only if it is dry.\nGreat write-up!", comments[0].Text);
        Assert.Equal("Thanks Pete – noted for next time.\nThe rake was wet.", comments[1].Text);
        Assert.Equal([false, false, true, false, false], comments.Select(c => c.Spam));
        Assert.Equal([false, false, false, true, false], comments.Select(c => c.Deleted));
        Assert.DoesNotContain(comments, c => c.Author == "Orphan" || c.Text.Contains("General", StringComparison.Ordinal));
    }

    [Fact]
    public void PostOfAThreadTheExportNeverListedIsAWarningNotAFailure()
    {
        var items = Samples.Read(Format, "disqus-export.xml");

        var warning = Assert.Single(items.OfType<ExtractionWarning>());
        Assert.Contains("4400105", warning.Message);
        Assert.Contains("7199999", warning.Message);
        Assert.IsType<ExtractionWarning>(items[^1]);
    }

    [Fact]
    public void ArticlesAreYieldedBeforeAnyCommentThatNamesThem()
    {
        var seen = new HashSet<string>();
        foreach (var item in Samples.Read(Format, "disqus-export.xml"))
        {
            if (item is ExtractedArticle article)
            {
                seen.Add(article.Key);
            }
            else if (item is ExtractedComment comment)
            {
                Assert.Contains(comment.ArticleKey, seen);
            }
        }
    }

    [Fact]
    public void HostileNestingInAMessageIsReadAsPlainTextWithoutParsing()
    {
        var message = string.Concat(Enumerable.Repeat("<b>", 100_000)) + "you &amp; me";
        var xml = "<disqus xmlns=\"http://disqus.com\" xmlns:dsq=\"http://disqus.com/disqus-internals\"><thread dsq:id=\"1\"><title>t</title></thread>" +
            $"<post dsq:id=\"2\"><thread dsq:id=\"1\"/><message><![CDATA[{message}]]></message></post></disqus>";

        var comment = Assert.Single(Samples.Read(Format, Encoding.UTF8.GetBytes(xml)).OfType<ExtractedComment>());

        Assert.Equal("you & me", comment.Text);
    }

    [Fact]
    public void RawControlCharactersPastedIntoAMessageDoNotFailTheExport()
    {
        var xml = "<disqus xmlns=\"http://disqus.com\" xmlns:dsq=\"http://disqus.com/disqus-internals\"><thread dsq:id=\"1\"><title>t</title></thread>" +
            "<post dsq:id=\"2\"><thread dsq:id=\"1\"/><message><![CDATA[<p>copied\u000Bfrom\u001Fword</p>]]></message></post></disqus>";

        var comment = Assert.Single(Samples.Read(Format, Encoding.UTF8.GetBytes(xml)).OfType<ExtractedComment>());

        Assert.Equal("copied from word", comment.Text);
    }

    [Theory]
    [InlineData("", "Root element is missing")]
    [InlineData("<disqus xmlns=\"http://disqus.com\"><thread><title>Unclosed</disqus>", "not a readable Disqus export")]
    [InlineData("<?xml version=\"1.0\"?><rss><channel /></rss>", "root element is <rss>")]
    [InlineData("<!DOCTYPE disqus [<!ENTITY x \"boom\">]><disqus>&x;</disqus>", "DTD")]
    public void UnreadableExportsFailWithAClearMessage(string xml, string message)
    {
        var error = Assert.Throws<ExtractionException>(() => Samples.Read(Format, Encoding.UTF8.GetBytes(xml)));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void TruncatedNonUtf8AndBinaryExportsFailAsDocumentsNotAsCrashes()
    {
        var export = Samples.Bytes("disqus-export.xml");
        var latin1 = Encoding.Latin1.GetBytes(Encoding.UTF8.GetString(export).Replace("Li Wei", "Zoë Müller"));

        Assert.Throws<ExtractionException>(() => Samples.Read(Format, export[..(export.Length / 2)]));
        Assert.Contains("encoding", Assert.Throws<ExtractionException>(() => Samples.Read(Format, latin1)).Message);
        Assert.Throws<ExtractionException>(() => Samples.Read(Format, Samples.Binary));
    }
}
