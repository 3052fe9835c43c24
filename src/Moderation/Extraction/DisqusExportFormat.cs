using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using AngleSharp.Html.Parser;

namespace Moderation.Extraction;

public sealed partial class DisqusExportFormat : IDocumentFormat
{
    static readonly XNamespace Dsq = "http://disqus.com/disqus-internals";

    public string Name => "disqus";

    public bool Accepts(string fileName, ReadOnlySpan<byte> head) =>
        !DocumentHead.LooksBinary(head) && RootIsDisqus().IsMatch(DocumentHead.Text(head));

    // Reads one <thread> or <post> element at a time, so memory stays bounded by the largest element and the
    // set of thread ids seen, whatever the size of the export.
    public IEnumerable<ExtractedItem> Read(Stream content)
    {
        using var items = ReadElements(content).GetEnumerator();
        while (true)
        {
            bool more;
            try
            {
                more = items.MoveNext();
            }
            catch (XmlException e)
            {
                throw new ExtractionException($"not a readable Disqus export: {e.Message}", e);
            }
            catch (DecoderFallbackException e)
            {
                throw new ExtractionException($"not a readable Disqus export: the text is not in its declared encoding ({e.Message})", e);
            }
            if (!more)
            {
                yield break;
            }
            yield return items.Current;
        }
    }

    static IEnumerable<ExtractedItem> ReadElements(Stream content)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            CloseInput = false,
        };
        using var reader = XmlReader.Create(new XmlControlCharacterFilter(content), settings);
        reader.MoveToContent();
        if (reader.LocalName != "disqus")
        {
            throw new ExtractionException($"not a Disqus export: the root element is <{reader.LocalName}>, not <disqus>");
        }
        var parser = new HtmlParser();
        var threads = new HashSet<string>(StringComparer.Ordinal);
        reader.Read();
        while (!reader.EOF)
        {
            if (reader.NodeType != XmlNodeType.Element || reader.Depth != 1)
            {
                reader.Read();
                continue;
            }
            switch (reader.LocalName)
            {
                case "thread":
                    var thread = (XElement)XNode.ReadFrom(reader);
                    var article = Article(thread, parser);
                    if (article is null)
                    {
                        yield return new ExtractionWarning($"a <thread> without dsq:id, skipped: {Describe(thread)}");
                    }
                    else if (threads.Add(article.Key))
                    {
                        yield return article;
                    }
                    break;
                case "post":
                    yield return Comment((XElement)XNode.ReadFrom(reader), threads, parser);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
    }

    static ExtractedArticle? Article(XElement thread, HtmlParser parser)
    {
        var id = (string?)thread.Attribute(Dsq + "id");
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }
        var link = Child(thread, "link");
        return new ExtractedArticle(id, Child(thread, "title"), Child(thread.Element(thread.Name.Namespace + "author"), "name"),
            HtmlText.FromMarkup(parser, Child(thread, "message") ?? ""), link,
            DocumentHead.ParseDate(Child(thread, "createdAt")));
    }

    static ExtractedItem Comment(XElement post, HashSet<string> threads, HtmlParser parser)
    {
        var ns = post.Name.Namespace;
        var id = (string?)post.Attribute(Dsq + "id");
        var thread = (string?)post.Element(ns + "thread")?.Attribute(Dsq + "id");
        if (thread is null || !threads.Contains(thread))
        {
            // Exports list every thread before its posts; a post without a known thread has no article to hang on.
            return new ExtractionWarning($"post {id ?? "without dsq:id"} refers to thread {thread ?? "(none)"} that the export has not listed, skipped");
        }
        var author = post.Element(ns + "author");
        return new ExtractedComment(thread,
            Child(author, "name") ?? Child(author, "username"),
            HtmlText.FromMarkup(parser, Child(post, "message") ?? ""),
            id,
            (string?)post.Element(ns + "parent")?.Attribute(Dsq + "id"),
            DocumentHead.ParseDate(Child(post, "createdAt")),
            Spam: Flag(post, "isSpam"),
            Deleted: Flag(post, "isDeleted"));
    }

    static string? Child(XElement? parent, string name)
    {
        var value = parent?.Element(parent.Name.Namespace + name)?.Value;
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    static bool Flag(XElement parent, string name) =>
        string.Equals(Child(parent, name), "true", StringComparison.OrdinalIgnoreCase);

    static string Describe(XElement element)
    {
        var text = element.ToString(SaveOptions.DisableFormatting);
        return text.Length <= 120 ? text : text[..120] + "…";
    }

    // An XML declaration and comments may come before the root; anything else means another kind of document.
    [GeneratedRegex(@"^(<\?xml[^>]*\?>\s*)?(<!--.*?-->\s*)*<disqus[\s>/]", RegexOptions.Singleline)]
    private static partial Regex RootIsDisqus();
}
