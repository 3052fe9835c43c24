using System.Text.Json;
using System.Text.Unicode;

namespace Moderation.Extraction;

public sealed class JsonLinesFormat : IDocumentFormat
{
    // A line longer than this is skipped rather than buffered, so one runaway line cannot exhaust memory.
    const int MaxLineBytes = 1 << 20;

    public string Name => "jsonl";

    public bool Accepts(string fileName, ReadOnlySpan<byte> head)
    {
        if (head.IsEmpty || DocumentHead.LooksBinary(head) || !DocumentHead.Text(head).StartsWith('{'))
        {
            return false;
        }
        var start = head.IndexOfAnyExcept(" \t\r\n\uFEFF"u8);
        var firstLine = head[start..];
        var end = firstLine.IndexOf((byte)'\n');
        // A pretty-printed JSON file also starts with '{', but its first line is not a whole object. The extension
        // only decides when that first line is broken, so its line-numbered warning still reaches the user.
        return (end >= 0 ? IsObject(firstLine[..end]) : IsObjectPrefix(firstLine))
            || DocumentHead.HasExtension(fileName, ".jsonl", ".ndjson");
    }

    public IEnumerable<ExtractedItem> Read(Stream content)
    {
        var articles = new HashSet<string>(StringComparer.Ordinal);
        var comments = 0;
        var lineNumber = 0;
        foreach (var line in Lines(content))
        {
            lineNumber++;
            if (line.TooLong)
            {
                yield return new ExtractionWarning($"line {lineNumber}: longer than {MaxLineBytes} bytes, skipped");
                continue;
            }
            if (line.Bytes.Span.IndexOfAnyExcept(" \t\r"u8) < 0)
            {
                continue;
            }
            if (!Utf8.IsValid(line.Bytes.Span))
            {
                throw new ExtractionException($"line {lineNumber} is not valid UTF-8; JSON Lines files must be UTF-8");
            }
            // Editors on Windows save UTF-8 with a byte order mark, which JSON itself does not allow.
            var bytes = lineNumber == 1 && line.Bytes.Span.StartsWith("\uFEFF"u8) ? line.Bytes[3..] : line.Bytes;
            var (comment, error) = Parse(bytes);
            if (comment is null)
            {
                yield return new ExtractionWarning($"line {lineNumber}: {error}, skipped");
                continue;
            }
            if (articles.Add(comment.ArticleKey))
            {
                yield return new ExtractedArticle(comment.ArticleKey, comment.Title, null, "", comment.ArticleKey);
            }
            comments++;
            yield return comment.Comment;
        }
        if (comments == 0)
        {
            throw new ExtractionException(lineNumber == 0
                ? "the document is empty"
                : $"none of the {lineNumber} lines is a comment object with articleUrl and text");
        }
    }

    sealed record ParsedLine(string ArticleKey, string? Title, ExtractedComment Comment);

    static (ParsedLine? Comment, string? Error) Parse(ReadOnlyMemory<byte> line)
    {
        try
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, "not a JSON object");
            }
            var url = String(root, "articleUrl");
            var text = String(root, "text");
            if (string.IsNullOrWhiteSpace(url) || text is null)
            {
                return (null, "articleUrl and text are required");
            }
            var createdAtText = String(root, "createdAt");
            var createdAt = DocumentHead.ParseDate(createdAtText);
            if (createdAtText is not null && createdAt is null)
            {
                return (null, $"createdAt \"{createdAtText}\" is not a date");
            }
            var comment = new ExtractedComment(url, String(root, "author"), text,
                String(root, "externalId"), String(root, "parentId"), createdAt);
            return (new ParsedLine(url, String(root, "articleTitle"), comment), null);
        }
        catch (JsonException e)
        {
            return (null, $"not valid JSON ({e.Message})");
        }
        catch (InvalidOperationException e)
        {
            return (null, e.Message);
        }
    }

    // Ids are strings in some exports and numbers in others; both name the same thing.
    static string? String(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var value) ? null : value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.Null => null,
            _ => throw new InvalidOperationException($"{name} must be a string"),
        };

    static bool IsObject(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }
            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    static bool IsObjectPrefix(ReadOnlySpan<byte> partial)
    {
        try
        {
            var reader = new Utf8JsonReader(partial, isFinalBlock: false, default);
            while (reader.Read())
            {
            }
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    readonly record struct Line(ReadOnlyMemory<byte> Bytes, bool TooLong);

    // Splits on '\n' over raw bytes, so a line number is exact and encoding is checked per line.
    static IEnumerable<Line> Lines(Stream content)
    {
        var buffer = new byte[64 * 1024];
        int filled = 0, start = 0;
        var skipping = false;
        var first = true;
        while (true)
        {
            var read = content.Read(buffer, filled, buffer.Length - filled);
            if (first)
            {
                if (DocumentHead.LooksBinary(buffer.AsSpan(0, read)))
                {
                    throw new ExtractionException("the document is binary, not JSON Lines text");
                }
                first = false;
            }
            filled += read;
            var scan = start;
            int newline;
            while ((newline = buffer.AsSpan(scan, filled - scan).IndexOf((byte)'\n')) >= 0)
            {
                var end = scan + newline;
                if (skipping)
                {
                    skipping = false;
                }
                else
                {
                    yield return new Line(buffer.AsMemory(start, end - start), false);
                }
                start = scan = end + 1;
            }
            if (read == 0)
            {
                if (filled > start && !skipping)
                {
                    yield return new Line(buffer.AsMemory(start, filled - start), false);
                }
                yield break;
            }
            if (filled - start > MaxLineBytes)
            {
                if (!skipping)
                {
                    yield return new Line(default, true);
                }
                skipping = true;
                start = filled = 0;
                continue;
            }
            // Keep the unfinished line at the front and make room for the rest of it.
            var pending = filled - start;
            if (pending * 2 > buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }
            Buffer.BlockCopy(buffer, start, buffer, 0, pending);
            start = 0;
            filled = pending;
        }
    }
}
