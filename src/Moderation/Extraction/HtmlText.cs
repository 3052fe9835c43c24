using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Moderation.Extraction;

// Turns markup into the plain text a moderator reads: block elements become line breaks, markup-only
// elements vanish, and runs of whitespace collapse the way a browser would show them.
internal static partial class HtmlText
{
    // AngleSharp's tree builder slows quadratically with nesting depth (80,000 nested tags take half a minute),
    // so markup nested deeper than any real page is refused before it is parsed. Browsers stop nesting at 512.
    public const int MaxDepth = 1024;

    static readonly HashSet<string> NoEndTag = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
        "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot", "colgroup", "rb", "rt", "rp",
    };

    static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
        "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "ol", "p", "pre",
        "section", "table", "tr", "ul",
    };

    static readonly HashSet<string> Hidden = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "template", "noscript", "svg", "iframe", "object", "button", "select", "textarea",
    };

    public static string FromMarkup(HtmlParser parser, string markup)
    {
        if (!markup.Contains('<') && !markup.Contains('&'))
        {
            return Tidy(markup);
        }
        if (NestsDeeperThan(markup, MaxDepth))
        {
            return Tidy(WebUtility.HtmlDecode(AnyTag().Replace(markup, "\n")));
        }
        var document = parser.ParseDocument(markup);
        return document.Body is null ? "" : Of(document.Body);
    }

    // Counts open tags against close tags, leaving out elements whose end tag is optional, which sloppy pages omit.
    public static bool NestsDeeperThan(string markup, int limit)
    {
        var depth = 0;
        foreach (var tag in Tag().EnumerateMatches(markup))
        {
            var text = markup.AsSpan(tag.Index, tag.Length);
            var closing = text[1] == '/';
            var name = text[(closing ? 2 : 1)..].TrimEnd('>').TrimEnd('/');
            var end = name.IndexOfAny(" \t\r\n/");
            if (NoEndTag.GetAlternateLookup<ReadOnlySpan<char>>().Contains(end < 0 ? name : name[..end]) || text[^2] == '/')
            {
                continue;
            }
            depth = closing ? Math.Max(0, depth - 1) : depth + 1;
            if (depth > limit)
            {
                return true;
            }
        }
        return false;
    }

    public static string Of(INode node)
    {
        var text = new StringBuilder();
        Append(node, text);
        return Tidy(text.ToString());
    }

    static void Append(INode node, StringBuilder text)
    {
        if (node is IText t)
        {
            text.Append(t.Data);
            return;
        }
        if (node is IElement e && Hidden.Contains(e.LocalName))
        {
            return;
        }
        var block = node is IElement b && Blocks.Contains(b.LocalName);
        if (block)
        {
            text.Append('\n');
        }
        foreach (var child in node.ChildNodes)
        {
            Append(child, text);
        }
        if (block)
        {
            text.Append('\n');
        }
    }

    static string Tidy(string text)
    {
        var lines = text.Split('\n')
            .Select(line => string.Join(' ', line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)))
            .Where(line => line.Length > 0);
        return string.Join('\n', lines);
    }

    [GeneratedRegex(@"</?[a-zA-Z][^<>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"<[^<>]*>")]
    private static partial Regex AnyTag();
}
