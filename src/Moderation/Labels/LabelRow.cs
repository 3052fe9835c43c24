using System.Globalization;
using System.Text;
using Moderation.Scoring;

namespace Moderation.Labels;

/// One labelled comment in the Jigsaw layout: id, comment_text and the six labels, each 1, 0 or null (unknown).
public sealed record LabelRow(string Id, string CommentText, int?[] Labels);

/// The Jigsaw CSV layout (`id,comment_text,toxic,…,identity_hate`, RFC 4180 quoting, -1 or empty for unknown).
public static class JigsawCsv
{
    public static readonly string Header = "id,comment_text," + string.Join(',', ToxicityLabels.Names);

    public static string Format(LabelRow row)
    {
        var line = new StringBuilder();
        line.Append(Quote(row.Id)).Append(',').Append(Quote(row.CommentText));
        foreach (var label in row.Labels)
            line.Append(',').Append(label is { } v ? v.ToString(CultureInfo.InvariantCulture) : "-1");
        return line.ToString();
    }

    static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// Reads rows lazily; a malformed row throws FormatException naming its line.
    public static IEnumerable<LabelRow> Read(TextReader reader)
    {
        var header = ReadRecord(reader, out _) ?? throw new FormatException("The CSV is empty; it needs the header " + Header + ".");
        var id = header.IndexOf("id");
        var text = header.IndexOf("comment_text");
        if (id < 0 || text < 0)
            throw new FormatException("The CSV header needs the columns id and comment_text (then any of " + string.Join(", ", ToxicityLabels.Names) + ").");
        var labelColumns = ToxicityLabels.Names.Select(n => header.IndexOf(n)).ToArray();
        var line = 1;
        while (ReadRecord(reader, out var lines) is { } record)
        {
            line += lines;
            if (record.Count == 1 && record[0].Length == 0)
                continue;
            if (record.Count != header.Count)
                throw new FormatException($"Line {line}: {record.Count} fields where the header has {header.Count}.");
            var labels = labelColumns.Select(c => c < 0 ? null : ParseLabel(record[c], line)).ToArray();
            yield return new LabelRow(record[id], record[text], labels);
        }
    }

    static int? ParseLabel(string value, int line) => value.Trim() switch
    {
        "" or "-1" => null,
        "0" => 0,
        "1" => 1,
        _ => throw new FormatException($"Line {line}: label value '{value}' is not 0, 1, -1 or empty."),
    };

    /// One RFC 4180 record, whose quoted fields may span lines; null at the end of input.
    static List<string>? ReadRecord(TextReader reader, out int lines)
    {
        lines = 0;
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        int c;
        if (reader.Peek() < 0)
            return null;
        while ((c = reader.Read()) >= 0)
        {
            if (quoted)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        field.Append('"');
                        reader.Read();
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n')
                        lines++;
                    field.Append((char)c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && reader.Peek() == '\n')
                    reader.Read();
                lines++;
                break;
            }
            else
            {
                field.Append((char)c);
            }
        }
        if (quoted)
            throw new FormatException("The CSV ends inside a quoted field.");
        fields.Add(field.ToString());
        return fields;
    }
}
