using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Moderation.Extraction;

public sealed partial class HtmlPageFormat : IDocumentFormat
{
    // A page is read whole (AngleSharp needs the full tree); anything this big is not an article page.
    const int MaxBytes = 32 * 1024 * 1024;

    const string WordPressComment = "li.comment";
    const string MicrodataComment = "[itemscope][itemtype$='/Comment']";
    const string CommentSections = "#comments, .comments-area, .comment-list, .commentlist, " + MicrodataComment;
    const string NeverContent = "nav, aside, footer, form, script, style, noscript, template, iframe, " +
        "[role=navigation], [role=complementary], [role=contentinfo], [role=search], [role=banner]";

    static readonly string[] BodyContainers =
        ["[itemprop~=articleBody]", ".entry-content", ".post-content", ".article-body", "article", "main", "[role=main]"];

    public string Name => "html";

    public bool Accepts(string fileName, ReadOnlySpan<byte> head)
    {
        if (DocumentHead.LooksBinary(head))
        {
            return false;
        }
        var text = DocumentHead.Text(head);
        return HtmlStart().IsMatch(text)
            || (text.StartsWith('<') && !text.StartsWith("<?xml", StringComparison.Ordinal) && DocumentHead.HasExtension(fileName, ".html", ".htm"));
    }

    public IEnumerable<ExtractedItem> Read(Stream content)
    {
        var html = Decode(content);
        if (HtmlText.NestsDeeperThan(html, HtmlText.MaxDepth))
        {
            throw new ExtractionException($"the page nests elements more than {HtmlText.MaxDepth} deep, which no real page does");
        }
        var document = new HtmlParser().ParseDocument(html);
        var warnings = new List<ExtractionWarning>();
        var jsonLd = JsonLdObjects(document, warnings);
        var article = Article(document, jsonLd);
        var comments = WordPress(document, article.Key);
        if (comments.Count == 0)
        {
            comments = Microdata(document, article.Key);
        }
        if (comments.Count == 0)
        {
            comments = JsonLdComments(jsonLd, article.Key);
        }
        if (comments.Count == 0)
        {
            comments = Generic(document, article.Key);
        }
        foreach (var warning in warnings)
        {
            yield return warning;
        }
        yield return article;
        foreach (var comment in comments)
        {
            yield return comment;
        }
    }

    static string Decode(Stream content)
    {
        var bytes = ReadAll(content);
        if (bytes.AsSpan().IndexOfAnyExcept(" \t\r\n"u8) < 0)
        {
            throw new ExtractionException("the document is empty");
        }
        var (encoding, skip) = Encoding(bytes);
        try
        {
            return encoding.GetString(bytes, skip, bytes.Length - skip);
        }
        catch (DecoderFallbackException e)
        {
            throw new ExtractionException($"the page is not valid {encoding.WebName} text (byte {e.Index + skip} cannot be decoded); declare its charset in a <meta> tag");
        }
    }

    static byte[] ReadAll(Stream content)
    {
        using var memory = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = content.Read(buffer)) > 0)
        {
            if (memory.Length + read > MaxBytes)
            {
                throw new ExtractionException($"the page is larger than {MaxBytes / (1024 * 1024)} MB");
            }
            memory.Write(buffer, 0, read);
        }
        return memory.ToArray();
    }

    // A byte order mark wins, then a <meta charset>, then UTF-8; decoding is strict so a wrong guess fails loudly.
    static (Encoding Encoding, int Skip) Encoding(byte[] bytes)
    {
        ReadOnlySpan<byte> span = bytes;
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (Strict("utf-8"), 3);
        }
        if (span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (Strict("utf-16LE"), 2);
        }
        if (span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (Strict("utf-16BE"), 2);
        }
        var head = span[..Math.Min(span.Length, 4096)];
        if (DocumentHead.LooksBinary(head))
        {
            throw new ExtractionException("the document is binary, not an HTML page");
        }
        var declared = MetaCharset().Match(System.Text.Encoding.Latin1.GetString(head));
        return (Strict(declared.Success ? declared.Groups[1].Value : "utf-8"), 0);
    }

    static Encoding Strict(string name)
    {
        // Browsers read pages labelled Latin-1 or ASCII as windows-1252; so do we.
        name = name.ToLowerInvariant() is "iso-8859-1" or "latin1" or "us-ascii" or "ascii" ? "windows-1252" : name;
        try
        {
            return System.Text.Encoding.GetEncoding(name, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        }
        catch (ArgumentException)
        {
            return CodePagesEncodingProvider.Instance.GetEncoding(name, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)
                ?? throw new ExtractionException($"the page declares charset \"{name}\", which is not supported");
        }
    }

    static ExtractedArticle Article(IDocument document, IReadOnlyList<JsonElement> jsonLd)
    {
        var ld = jsonLd.FirstOrDefault(o => HasType(o, t => t.EndsWith("Article", StringComparison.Ordinal) || t.EndsWith("Posting", StringComparison.Ordinal)));
        var hasLd = ld.ValueKind == JsonValueKind.Object;
        var url = Meta(document, "link[rel~=canonical]", "href") ?? Meta(document, "meta[property='og:url']", "content")
            ?? (hasLd ? JsonString(ld, "url") : null);
        var title = Meta(document, "meta[property='og:title']", "content")
            ?? Content(document, "h1").Select(HtmlText.Of).FirstOrDefault(t => t.Length > 0)
            ?? (hasLd ? JsonString(ld, "headline") : null)
            ?? Blank(document.Title);
        var byline = Meta(document, "meta[name=author]", "content")
            ?? (hasLd ? JsonAuthor(ld) : null)
            ?? Content(document, "[itemprop~=author], [rel~=author], .byline, .author, .entry-author")
                .Select(e => Blank(BylinePrefix().Replace(Person(e) ?? "", ""))).FirstOrDefault(b => b is not null);
        var published = DocumentHead.ParseDate(Meta(document, "meta[property='article:published_time']", "content"))
            ?? (hasLd ? DocumentHead.ParseDate(JsonString(ld, "datePublished")) : null)
            ?? Content(document, "[itemprop~=datePublished], time[datetime]").Select(Date).FirstOrDefault(d => d is not null);
        return new ExtractedArticle(url ?? "page", title, byline, Body(document), url, published);
    }

    static string Body(IDocument document)
    {
        // In order of how surely each holds just the article text.
        var container = BodyContainers.Select(selector => Content(document, selector).FirstOrDefault())
            .FirstOrDefault(e => e is not null) ?? document.Body;
        if (container is null)
        {
            return "";
        }
        var body = (IElement)container.Clone();
        foreach (var part in body.QuerySelectorAll(NeverContent + ", " + CommentSections + ", h1, .byline").ToList())
        {
            part.Remove();
        }
        foreach (var part in body.QuerySelectorAll("*").Where(e => IsGenericComment(e) || e.ClassList.Any(IsChromeName().IsMatch)
            || (e.Id is { } id && IsChromeName().IsMatch(id))).ToList())
        {
            part.Remove();
        }
        return HtmlText.Of(body);
    }

    static List<ExtractedComment> WordPress(IDocument document, string key) =>
        document.QuerySelectorAll("ol.comment-list li.comment, ol.commentlist li.comment, ul.comment-list li.comment")
            .Where(e => !IsChrome(e))
            .Select(li => new ExtractedComment(key,
                Own(li, ".comment-author .fn, .comment-author cite", WordPressComment).Select(Person).FirstOrDefault(),
                Own(li, ".comment-content", WordPressComment).Select(HtmlText.Of).FirstOrDefault() ?? "",
                ExternalId(li),
                li.ParentElement?.Closest(WordPressComment) is { } parent ? ExternalId(parent) : null,
                Own(li, "time[datetime]", WordPressComment).Select(Date).FirstOrDefault()))
            .Where(c => c.Text.Length > 0)
            .ToList();

    static List<ExtractedComment> Microdata(IDocument document, string key) =>
        document.QuerySelectorAll(MicrodataComment)
            .Where(e => !IsChrome(e))
            .Select(item => new ExtractedComment(key,
                Own(item, "[itemprop~=author], [itemprop~=creator]", MicrodataComment).Select(MicrodataName).FirstOrDefault(),
                Own(item, "[itemprop~=text], [itemprop~=commentText]", MicrodataComment).Select(HtmlText.Of).FirstOrDefault() ?? "",
                MicrodataId(item),
                item.ParentElement?.Closest(MicrodataComment) is { } parent ? MicrodataId(parent) : null,
                Own(item, "[itemprop~=dateCreated], [itemprop~=datePublished], [itemprop~=commentTime]", MicrodataComment)
                    .Select(Date).FirstOrDefault()))
            .Where(c => c.Text.Length > 0)
            .ToList();

    static string? MicrodataName(IElement author) =>
        author.HasAttribute("itemscope")
            ? author.QuerySelectorAll("[itemprop~=name]").Select(n => Blank(n.GetAttribute("content")) ?? Person(n)).FirstOrDefault()
            : Blank(author.GetAttribute("content")) ?? Person(author);

    static string? MicrodataId(IElement item) =>
        Own(item, "[itemprop~=identifier]", MicrodataComment).Select(e => Blank(e.GetAttribute("content")) ?? Blank(e.TextContent.Trim())).FirstOrDefault()
        ?? ExternalId(item);

    static List<JsonElement> JsonLdObjects(IDocument document, List<ExtractionWarning> warnings)
    {
        var objects = new List<JsonElement>();
        var blocks = document.QuerySelectorAll("script[type='application/ld+json']");
        for (var i = 0; i < blocks.Length; i++)
        {
            try
            {
                using var json = JsonDocument.Parse(blocks[i].TextContent);
                Collect(json.RootElement.Clone(), objects);
            }
            catch (JsonException e)
            {
                warnings.Add(new ExtractionWarning($"JSON-LD block {i + 1} is not valid JSON, ignored ({e.Message})"));
            }
        }
        return objects;
    }

    // Flattens @graph wrappers and top-level arrays; nested objects stay inside their parents.
    static void Collect(JsonElement element, List<JsonElement> objects)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Collect(item, objects);
            }
        }
        else if (element.ValueKind == JsonValueKind.Object)
        {
            objects.Add(element);
            if (element.TryGetProperty("@graph", out var graph))
            {
                Collect(graph, objects);
            }
        }
    }

    static List<ExtractedComment> JsonLdComments(IReadOnlyList<JsonElement> objects, string key)
    {
        var comments = new List<ExtractedComment>();
        foreach (var o in objects)
        {
            Walk(o, null, key, comments);
        }
        return comments;
    }

    static void Walk(JsonElement element, string? parentId, string key, List<ExtractedComment> comments)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Walk(item, parentId, key, comments);
            }
            return;
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        if (HasType(element, t => t == "Comment"))
        {
            var id = JsonString(element, "@id") ?? JsonString(element, "identifier") ?? JsonString(element, "url");
            var parent = element.TryGetProperty("parentItem", out var p) ? JsonString(p, "@id") ?? JsonString(p, "identifier") ?? Scalar(p) : null;
            var text = JsonString(element, "text") ?? "";
            comments.Add(new ExtractedComment(key, JsonAuthor(element), HtmlText.FromMarkup(new HtmlParser(), text), id,
                parent ?? parentId, DocumentHead.ParseDate(JsonString(element, "dateCreated") ?? JsonString(element, "datePublished"))));
            parentId = id;
        }
        foreach (var property in element.EnumerateObject())
        {
            // @graph entries were listed by Collect and are walked on their own; an author is never a reply.
            if (property.Name is not ("@graph" or "author" or "parentItem"))
            {
                Walk(property.Value, parentId, key, comments);
            }
        }
    }

    static List<ExtractedComment> Generic(IDocument document, string key)
    {
        var blocks = document.QuerySelectorAll("li, article, div, section").Where(IsGenericComment).ToHashSet();
        return blocks
            .Where(e => !IsChrome(e))
            .Select(block => new ExtractedComment(key,
                OwnGeneric(block, blocks).Where(e => e.ClassList.Any(GenericAuthorName().IsMatch) || e.GetAttribute("rel") == "author")
                    .Select(Person).FirstOrDefault(a => a is not null),
                GenericText(block, blocks),
                ExternalId(block),
                Ancestors(block).FirstOrDefault(blocks.Contains) is { } parent ? ExternalId(parent) : null,
                OwnGeneric(block, blocks).Where(e => e.LocalName == "time").Select(Date).FirstOrDefault(d => d is not null)))
            .Where(c => c.Text.Length > 0)
            .ToList();
    }

    static bool IsGenericComment(IElement e) =>
        e.ClassList.Any(GenericCommentName().IsMatch) || e.HasAttribute("data-comment-id") || (e.Id is { } id && CommentId().IsMatch(id));

    static IEnumerable<IElement> OwnGeneric(IElement block, HashSet<IElement> blocks) =>
        block.QuerySelectorAll("*").Where(e => Ancestors(e).First(a => blocks.Contains(a) || a == block) == block && !blocks.Contains(e));

    static string GenericText(IElement block, HashSet<IElement> blocks)
    {
        var body = OwnGeneric(block, blocks).FirstOrDefault(e => e.ClassList.Any(GenericTextName().IsMatch));
        if (body is not null)
        {
            return HtmlText.Of(body);
        }
        // Without a marked-up body, the comment is what is left once replies, names, dates and buttons are gone.
        var copy = (IElement)block.Clone();
        foreach (var part in copy.QuerySelectorAll("*").Where(e => IsGenericComment(e) || e.LocalName is "time" or "img" or "button"
            || e.ClassList.Any(c => GenericAuthorName().IsMatch(c) || GenericMetaName().IsMatch(c))).ToList())
        {
            part.Remove();
        }
        return HtmlText.Of(copy);
    }

    static IEnumerable<IElement> Ancestors(IElement element)
    {
        for (var e = element.ParentElement; e is not null; e = e.ParentElement)
        {
            yield return e;
        }
    }

    // Navigation, sidebars, footers and forms are page chrome wherever they are, whatever they contain.
    // A <header> is chrome for the site, but inside an article it holds the title and byline.
    static bool IsChrome(IElement element) =>
        element.ParentElement?.Closest(NeverContent) is not null
        || Ancestors(element).Any(a => (a.LocalName == "header" && a.Closest("article, main, [role=main]") is null)
            || (a.LocalName is not ("body" or "html") && (a.ClassList.Any(IsChromeName().IsMatch) || (a.Id is { } id && IsChromeName().IsMatch(id)))));

    static IEnumerable<IElement> Own(IElement block, string selector, string blockSelector) =>
        block.QuerySelectorAll(selector).Where(e => e.Closest(blockSelector) == block);

    static IEnumerable<IElement> Content(IDocument document, string selector) =>
        document.QuerySelectorAll(selector).Where(e => !IsChrome(e) && e.Closest(CommentSections) is null && !IsGenericComment(e)
            && !Ancestors(e).Any(IsGenericComment));

    static string? Meta(IDocument document, string selector, string attribute) =>
        document.QuerySelectorAll(selector).Select(e => Blank(e.GetAttribute(attribute))).FirstOrDefault(v => v is not null);

    static string? ExternalId(IElement element)
    {
        var id = Blank(element.GetAttribute("data-comment-id")) ?? Blank(element.Id);
        return id is null ? null : CommentId().Match(id) is { Success: true } m ? m.Groups[1].Value : id;
    }

    static string? Person(IElement element) => Blank(HtmlText.Of(element).Split('\n')[0]);

    // Only machine-readable attributes: display text such as "3 Oct" would parse into the current year.
    static DateTimeOffset? Date(IElement element) =>
        DocumentHead.ParseDate(element.GetAttribute("datetime") ?? element.GetAttribute("content"));

    static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    static bool HasType(JsonElement element, Func<string, bool> matches)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("@type", out var type))
        {
            return false;
        }
        return type.ValueKind switch
        {
            JsonValueKind.String => matches(type.GetString()!),
            JsonValueKind.Array => type.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && matches(t.GetString()!)),
            _ => false,
        };
    }

    static string? JsonString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? Scalar(value) : null;

    static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => Blank(value.GetString()),
        JsonValueKind.Number => value.GetRawText(),
        _ => null,
    };

    static string? JsonAuthor(JsonElement element)
    {
        if (!element.TryGetProperty("author", out var author))
        {
            return null;
        }
        if (author.ValueKind == JsonValueKind.Array)
        {
            author = author.EnumerateArray().FirstOrDefault();
        }
        return Scalar(author) ?? JsonString(author, "name");
    }

    [GeneratedRegex(@"^(<\?xml[^>]*\?>\s*)?(<!--.*?-->\s*)*(<!doctype\s+html|<html[\s>])", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex HtmlStart();

    [GeneratedRegex(@"<meta[^>]+charset\s*=\s*[""']?\s*([\w.:-]+)", RegexOptions.IgnoreCase)]
    private static partial Regex MetaCharset();

    // Anchored at the start so a body class such as "has-sidebar" does not make the whole page chrome.
    [GeneratedRegex(@"^(?:(?:site|main|primary|secondary|post|page|global|top)[-_])?(?:sidebar|widgets?|footer|menu|nav|navbar|navigation|breadcrumbs?|share|sharing|sharedaddy|related)(?:[-_].*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex IsChromeName();

    [GeneratedRegex(@"^(?:[a-z0-9]+[-_])*comment(?:[-_](?:item|entry|card|block|wrapper|container|node))?$", RegexOptions.IgnoreCase)]
    private static partial Regex GenericCommentName();

    [GeneratedRegex(@"^(?:comment|li-comment|div-comment|c)[-_]?(\d+)$", RegexOptions.IgnoreCase)]
    private static partial Regex CommentId();

    [GeneratedRegex(@"(?:^|[-_])(?:author|user|username|name|nick|fn)(?:$|[-_])", RegexOptions.IgnoreCase)]
    private static partial Regex GenericAuthorName();

    [GeneratedRegex(@"(?:^|[-_])(?:text|body|content|message)(?:$|[-_])", RegexOptions.IgnoreCase)]
    private static partial Regex GenericTextName();

    [GeneratedRegex(@"(?:^|[-_])(?:meta|header|date|time|actions|reply|avatar|votes?)(?:$|[-_])", RegexOptions.IgnoreCase)]
    private static partial Regex GenericMetaName();

    [GeneratedRegex(@"^\s*by\s+", RegexOptions.IgnoreCase)]
    private static partial Regex BylinePrefix();
}
