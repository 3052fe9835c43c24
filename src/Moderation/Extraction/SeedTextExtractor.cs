using System.Text;
using System.Text.RegularExpressions;

namespace Moderation.Extraction;

public sealed record SeedComment(string? Author, string Text);

public sealed record SeedExtraction(string Title, string? Byline, string Body, IReadOnlyList<SeedComment> Comments);

/// Reads the plain-text dumps of article pages that the seeds are: a header (breadcrumbs, title, standfirst,
/// byline, share prompts), the body, a footer of site boilerplate, and sometimes a reader comment section.
/// The dumps separate paragraphs with one blank line and comments with two, which is what makes the comment
/// section findable at all.
public static partial class SeedTextExtractor
{
    // Paragraphs shorter than this stand alone as a comment; longer ones may run on into the next paragraph.
    const int ShortParagraph = 60;
    const int LongParagraph = 100;

    public static SeedExtraction Extract(string text)
    {
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim('\n', ' ', '\t', '\uFEFF');
        if (text.Length == 0)
            throw new ExtractionException("The document is empty.");

        var commentStart = CommentSectionStart().Match(text);
        var articleText = commentStart.Success ? text[..commentStart.Index] : text;
        var commentText = commentStart.Success ? text[(commentStart.Index + commentStart.Length)..] : "";

        var (title, byline, body) = ReadArticle(Paragraphs(articleText));
        return new SeedExtraction(title, byline, body, ReadComments(commentText));
    }

    static (string Title, string? Byline, string Body) ReadArticle(List<string> paragraphs)
    {
        string? title = null;
        string? byline = null;
        var body = new List<string>();
        foreach (var raw in paragraphs)
        {
            var paragraph = StripLinks(raw);
            if (IsFooterStart(paragraph) && title is not null && body.Count > 0)
            {
                byline ??= FooterByline(paragraph);
                break;
            }
            if (IsBoilerplate(raw))
                continue;
            if (title is null)
            {
                title = paragraph;
                continue;
            }
            if (byline is null && body.Count <= 1 && BylineLine().Match(paragraph) is { Success: true } by)
            {
                byline = by.Groups["name"].Value.Trim();
                continue;
            }
            body.Add(paragraph);
        }
        if (title is null)
            throw new ExtractionException("The document has no title line.");
        return (title, byline, string.Join("\n\n", body));
    }

    static List<SeedComment> ReadComments(string section)
    {
        var comments = new List<SeedComment>();
        foreach (var block in section.Split("\n\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            string? author = null;
            var current = new StringBuilder();
            string? previous = null;
            foreach (var paragraph in Paragraphs(block))
            {
                if (IsNameLine(paragraph))
                {
                    Flush();
                    author = paragraph;
                    continue;
                }
                var runsOn = previous is not null && previous.Length >= LongParagraph && paragraph.Length >= ShortParagraph;
                if (!runsOn)
                    Flush();
                if (current.Length > 0)
                    current.Append("\n\n");
                current.Append(paragraph);
                previous = paragraph;
            }
            Flush();
            if (author is not null)
                comments.Add(new SeedComment(null, author)); // a name with nothing under it is all the commenter wrote

            void Flush()
            {
                if (current.Length == 0)
                    return;
                comments.Add(new SeedComment(author, current.ToString()));
                current.Clear();
                author = null;
                previous = null;
            }
        }
        return comments;
    }

    static List<string> Paragraphs(string text) =>
        [.. BlankLines().Split(text).Select(p => p.Trim()).Where(p => p.Length > 0)];

    /// A commenter's name on a line of its own: two to four capitalised words and nothing else.
    static bool IsNameLine(string paragraph) => paragraph.Length <= 40 && NameLine().IsMatch(paragraph);

    /// Header chrome: breadcrumbs, dates, section tags, share prompts and lone links, line by line because the
    /// dumps sometimes run two of them together without a blank line.
    static bool IsBoilerplate(string raw) =>
        raw.StartsWith("Home", StringComparison.OrdinalIgnoreCase) && raw.Contains('»')
        || raw.Split('\n').All(line => LoneLink().IsMatch(line.Trim()) || BoilerplateLine().IsMatch(StripLinks(line.Trim())));

    static bool IsFooterStart(string p) => FooterLine().IsMatch(p);

    static string? FooterByline(string p) => FooterAuthor().Match(p) is { Success: true } m ? m.Groups["name"].Value.Trim() : null;

    /// The dumps keep link text as [text](#); the reader wants the text.
    static string StripLinks(string p) => MarkdownLink().Replace(p, "$1").Replace("**", "", StringComparison.Ordinal);

    [GeneratedRegex(@"\n[ \t]*\n[ \t]*\n\s*")]
    private static partial Regex CommentSectionStart();

    [GeneratedRegex(@"\n[ \t]*\n")]
    private static partial Regex BlankLines();

    [GeneratedRegex(@"\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"^\[[^\]]*\]\([^)]*\)$")]
    private static partial Regex LoneLink();

    [GeneratedRegex(@"^(?:By|Written by)\s+(?<name>[^,\n]+)", RegexOptions.IgnoreCase)]
    private static partial Regex BylineLine();

    [GeneratedRegex(@"^Author:\s*(?<name>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex FooterAuthor();

    [GeneratedRegex(@"^(?:Region|Theme|In-depth Report|Agenda)\b|^All .* articles can be read|^To receive .*Newsletter|^Follow us on|^\S.*, (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}$", RegexOptions.IgnoreCase)]
    private static partial Regex BoilerplateLine();

    [GeneratedRegex(@"^(?:\*$|Note to readers|Author:|Source\s*:|Copyright\s*©|The original source of this article|Featured image|Disclaimer:|Become a Member|Articles by:|For media inquiries|Comment on .* Articles)", RegexOptions.IgnoreCase)]
    private static partial Regex FooterLine();

    [GeneratedRegex(@"^\p{Lu}[\p{L}'’.-]*(?: \p{Lu}[\p{L}'’.-]*){1,3}$")]
    private static partial Regex NameLine();
}
