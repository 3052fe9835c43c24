using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Moderation.Extraction;

// Turns markup into the plain text a moderator reads: block elements become line breaks, markup-only
// elements vanish, and runs of whitespace collapse the way a browser would show them.
internal static class HtmlText
{
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
        var document = parser.ParseDocument(markup);
        return document.Body is null ? "" : Of(document.Body);
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
}
