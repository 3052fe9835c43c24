using System.Text;
using Moderation.Extraction;

namespace Moderation.Tests.Extraction;

public class FormatDetectionTests
{
    static readonly IDocumentFormat[] Formats = [new DisqusExportFormat(), new HtmlPageFormat(), new JsonLinesFormat()];

    static readonly byte[] SeedText = Encoding.UTF8.GetBytes(
        "Why the river path closed\n\nThe towpath will stay shut until April.\n\nTom: A month is a long time {sigh}.\n");

    // Names lie on purpose: an inbox gets exports renamed by hand, so content has to decide.
    [Theory]
    [InlineData("wordpress-post.html", "comments.jsonl", "html")]
    [InlineData("jsonld-article.html", "export.xml", "html")]
    [InlineData("microdata-post.html", "post.txt", "html")]
    [InlineData("generic-thread.html", "thread", "html")]
    [InlineData("disqus-export.xml", "page.html", "disqus")]
    [InlineData("disqus-export.xml", "export.jsonl", "disqus")]
    [InlineData("comments.jsonl", "page.html", "jsonl")]
    [InlineData("comments.jsonl", "export.xml", "jsonl")]
    public void EachSampleIsAcceptedByItsOwnFormatOnly(string sample, string fileName, string expected)
    {
        var content = Samples.Bytes(sample);

        Assert.Equal([expected], Accepting(fileName, content));
    }

    [Fact]
    public void HeadCutMidCharacterOrMidLineStillSniffs()
    {
        var jsonl = Encoding.UTF8.GetBytes("{\"articleUrl\":\"https://a.example/\",\"text\":\"" + new string('é', 3000) + "\"}\n");
        var html = Encoding.UTF8.GetBytes("\uFEFF<!-- cached 2024-03-04 -->\n<!DOCTYPE html>\n<html><head><title>" + new string('ß', 3000));

        Assert.Equal(["jsonl"], Accepting("upload.bin", jsonl[..4095]));
        Assert.Equal(["html"], Accepting("upload.bin", html[..4095]));
    }

    [Fact]
    public void OtherDocumentsAreLeftForTheNextFormat()
    {
        var prettyJson = "{\n  \"articleUrl\": \"https://a.example/\",\n  \"text\": \"hi\"\n}\n"u8.ToArray();
        var rss = "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Feed</title></channel></rss>"u8.ToArray();

        Assert.Empty(Accepting("seed.txt", SeedText));
        Assert.Empty(Accepting("comments.json", prettyJson));
        Assert.Empty(Accepting("feed.xml", rss));
        Assert.Empty(Accepting("image.html", Samples.Binary));
        Assert.Empty(Accepting("empty.jsonl", []));
    }

    [Fact]
    public void JsonLinesWithABrokenFirstLineIsJsonLinesOnlyByItsExtension()
    {
        var content = "{\"articleUrl\":\"https://a.example/\",\"text\":\"cut\n{\"articleUrl\":\"https://a.example/\",\"text\":\"ok\"}\n"u8.ToArray();

        Assert.Equal(["jsonl"], Accepting("export.jsonl", content));
        Assert.Empty(Accepting("export.txt", content));
    }

    [Fact]
    public void AFragmentWithoutDoctypeIsHtmlOnlyByItsExtension()
    {
        var fragment = "<div class=\"post\"><p>Saved from a CMS without a doctype.</p></div>"u8.ToArray();

        Assert.Equal(["html"], Accepting("saved.htm", fragment));
        Assert.Empty(Accepting("saved.txt", fragment));
    }

    static string[] Accepting(string fileName, byte[] content)
    {
        var head = content[..Math.Min(content.Length, 4096)];
        return [.. Formats.Where(f => f.Accepts(fileName, head)).Select(f => f.Name)];
    }
}
