using System.Text;
using Moderation.Extraction;

namespace Moderation.Tests.Extraction;

public class HtmlPageFormatTests
{
    static readonly HtmlPageFormat Format = new();

    static string[] Chrome =>
    [
        "Recent Comments", "Sandra", "Archives", "Proudly powered", "Leave a comment", "Write your comment here",
        "Post Comment", "Your email address", "Share on Facebook", "Previous post", "Ferry timetable", "Council",
        "Pingback", "Weekly roundup", "Skip to content", "polyfills", "--wp--preset",
    ];

    [Fact]
    public void WordPressPageYieldsTheArticleThenItsCommentsWithRepliesUnderTheirParent()
    {
        var items = Samples.Read(Format, "wordpress-post.html");

        var article = Assert.IsType<ExtractedArticle>(items[0]);
        Assert.Equal("Why the river path closed for a month", article.Title);
        Assert.Equal("https://riverside-gazette.example/2024/03/river-path-closure/", article.Url);
        Assert.Equal(article.Url, article.Key);
        Assert.Equal("Priya Raman", article.Byline);
        Assert.Equal(new DateTimeOffset(2024, 3, 4, 8, 30, 0, TimeSpan.Zero), article.PublishedAt);
        Assert.StartsWith("The towpath between the lock and the old mill will stay shut until April", article.Body);
        Assert.Contains("Fencing at the lock end.", article.Body);

        var comments = items.OfType<ExtractedComment>().ToList();
        Assert.Equal(["Tom Hale", "Priya Raman", "Mags"], comments.Select(c => c.Author));
        Assert.Equal(["1201", "1202", "1203"], comments.Select(c => c.ExternalId));
        Assert.Equal([null, "1201", null], comments.Select(c => c.ParentId));
        Assert.All(comments, c => Assert.Equal(article.Key, c.ArticleKey));
        Assert.Equal("I walk my dog there every morning. A month is a long time & the diversion along the road has no pavement.\nCould they not open it at weekends?", comments[0].Text);
        Assert.Equal(new DateTimeOffset(2024, 3, 4, 10, 5, 0, TimeSpan.Zero), comments[1].CreatedAt);
        Assert.Equal(4, items.Count);
        AssertNoChrome(article.Body, comments);
        Assert.DoesNotContain("walk my dog", article.Body);
    }

    [Fact]
    public void JsonLdCommentsAreReadWhenThePageRendersThemWithScript()
    {
        var items = Samples.Read(Format, "jsonld-article.html");

        Assert.Contains(items.OfType<ExtractionWarning>(), w => w.Message.StartsWith("JSON-LD block 2 is not valid JSON", StringComparison.Ordinal));
        var article = Assert.Single(items.OfType<ExtractedArticle>());
        Assert.Equal("Harbour Board approves night ferry trial", article.Title);
        Assert.Equal("Owen Pryce", article.Byline);
        Assert.Equal(new DateTimeOffset(2025, 6, 11, 5, 0, 0, TimeSpan.Zero), article.PublishedAt);
        Assert.Contains("Sailings at 23:15 and 00:30", article.Body);
        Assert.DoesNotContain("Bus cuts", article.Body);

        var comments = items.OfType<ExtractedComment>().ToList();
        Assert.Equal(["Hywel J", "Ffion", "Anonymous reader"], comments.Select(c => c.Author));
        Assert.Equal("https://coastal-courier.example/news/night-ferry-trial#c-88101", comments[1].ParentId);
        Assert.Null(comments[0].ParentId);
        Assert.Null(comments[2].ParentId);
        Assert.Equal("Same for the hospital night staff — finally.", comments[1].Text);
        AssertNoChrome(article.Body, comments);
        Assert.DoesNotContain(comments, c => c.Text.Contains("briefing", StringComparison.Ordinal) || c.Text.Contains("Subscribe", StringComparison.Ordinal));
    }

    [Fact]
    public void MicrodataCommentsKeepTheirAuthorsAndNestingButNotTheSidebarWidget()
    {
        var items = Samples.Read(Format, "microdata-post.html");

        var article = Assert.IsType<ExtractedArticle>(items[0]);
        Assert.Equal("Sourdough at altitude", article.Title);
        Assert.Equal("Greta Lind", article.Byline);
        Assert.Equal("https://flourandfell.example/posts/sourdough-at-altitude", article.Key);
        Assert.Equal("At 1,400 metres the water boils at 95°C and the dough rises faster than you expect.\nI cut the starter to 15% and retard the dough overnight in the cold room.", article.Body);

        var comments = items.OfType<ExtractedComment>().ToList();
        Assert.Equal(["Marco B.", "Greta Lind", "Jo"], comments.Select(c => c.Author));
        Assert.Equal(["501", "502", "503"], comments.Select(c => c.ExternalId));
        Assert.Equal([null, "501", null], comments.Select(c => c.ParentId));
        Assert.Equal("Yes, down to 68%. Flour is drier up here.", comments[1].Text);
        Assert.DoesNotContain(comments, c => c.Author == "Sam" || c.Text.Contains("rye", StringComparison.Ordinal));
    }

    [Fact]
    public void GenericCommentBlocksAreFoundInALegacyWindows1252Page()
    {
        var items = Samples.Read(Format, "generic-thread.html");

        var article = Assert.IsType<ExtractedArticle>(items[0]);
        Assert.Equal("Water butts stolen again", article.Title);
        Assert.Equal("Dennis Oakley, secretary", article.Byline);
        Assert.Equal("page", article.Key);

        var comments = items.OfType<ExtractedComment>().ToList();
        Assert.Equal(["Rosa", "Dennis", "Keith W"], comments.Select(c => c.Author));
        Assert.Equal([null, "17", null], comments.Select(c => c.ParentId));
        Assert.Equal("Thanks Rosa, I’ll get a new one fitted this week.", comments[1].Text);
        Assert.Equal("Could we put a camera on the shed? I'd chip in £10.", comments[2].Text);
        Assert.DoesNotContain(comments, c => c.Author == "Bill" || c.Text.Contains("marrows", StringComparison.Ordinal));
        Assert.DoesNotContain("padlock", article.Body);
    }

    [Fact]
    public void PageWithoutCommentsYieldsNoneEvenThroughTheGenericFallback()
    {
        var page = Encoding.UTF8.GetString(Samples.Bytes("wordpress-post.html"));
        var start = page.IndexOf("<ol class=\"comment-list\">", StringComparison.Ordinal);
        var end = page.IndexOf("<div id=\"respond\"", StringComparison.Ordinal);

        var items = Samples.Read(Format, Encoding.UTF8.GetBytes(page[..start] + page[end..]));

        Assert.Equal("Why the river path closed for a month", Assert.IsType<ExtractedArticle>(Assert.Single(items)).Title);
    }

    [Fact]
    public void TruncatedPageIsReadAsFarAsItGoes()
    {
        var page = Samples.Bytes("wordpress-post.html");
        var cut = Encoding.UTF8.GetString(page).IndexOf("comment-1203", StringComparison.Ordinal);

        var items = Samples.Read(Format, page[..cut]);

        Assert.Equal("Why the river path closed for a month", Assert.IsType<ExtractedArticle>(items[0]).Title);
        Assert.Equal(["Tom Hale", "Priya Raman"], items.OfType<ExtractedComment>().Select(c => c.Author));
    }

    [Fact]
    public void BadDocumentsFailWithAClearMessage()
    {
        var latin1InUtf8Page = Encoding.Latin1.GetBytes("<!doctype html><html><head><meta charset=\"utf-8\"><title>Café</title></head><body><p>crème brûlée</p></body></html>");

        Assert.Contains("empty", Assert.Throws<ExtractionException>(() => Samples.Read(Format, [])).Message);
        Assert.Contains("empty", Assert.Throws<ExtractionException>(() => Samples.Read(Format, "\n  \r\n"u8.ToArray())).Message);
        Assert.Contains("binary", Assert.Throws<ExtractionException>(() => Samples.Read(Format, Samples.Binary)).Message);
        Assert.Contains("not valid utf-8", Assert.Throws<ExtractionException>(() => Samples.Read(Format, latin1InUtf8Page)).Message);
    }

    [Fact]
    public void HostileNestingIsRefusedBeforeItCanStallTheParser()
    {
        var page = "<!doctype html><html><body>" + string.Concat(Enumerable.Repeat("<div><span>", 200_000)) + "x</body></html>";
        var sloppy = "<!doctype html><html><body><article>" + string.Concat(Enumerable.Repeat("<p>para<li>item<br><img src=x.png>", 5_000)) + "</article></body></html>";

        Assert.Contains("nests elements", Assert.Throws<ExtractionException>(() => Samples.Read(Format, Encoding.UTF8.GetBytes(page))).Message);
        Assert.Contains("para", Assert.IsType<ExtractedArticle>(Samples.Read(Format, Encoding.UTF8.GetBytes(sloppy))[0]).Body);
    }

    static void AssertNoChrome(string body, List<ExtractedComment> comments)
    {
        foreach (var chrome in Chrome)
        {
            Assert.DoesNotContain(comments, c => c.Text.Contains(chrome, StringComparison.Ordinal) || c.Author == chrome);
            Assert.DoesNotContain(chrome, body);
        }
    }
}
