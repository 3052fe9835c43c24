using System.IO.Compression;
using System.Text;

namespace Moderation.Scoring;

// One training or evaluation row; a label of -1 is unknown for that row.
public sealed record LabeledRow(string Id, string Text, sbyte[] Labels);

// The Jigsaw column layout (id,comment_text,toxic,…,identity_hate), RFC 4180 quoting, gzip when
// the name ends in .gz. Missing label columns and empty cells read as unknown.
public static class LabeledCsv
{
    // Training and evaluation rows; a row with no known label is skipped. A malformed file throws
    // FormatException naming the file and line.
    public static IEnumerable<LabeledRow> Read(string path)
    {
        using var reader = OpenText(path);
        foreach (var record in ReadRecords(reader, path))
        {
            if (record.Labels.All(l => l is null))
                continue;
            yield return new LabeledRow(record.Id, record.Text, [.. record.Labels.Select(l => (sbyte)(l ?? -1))]);
        }
    }

    // Every record after the header, with its first line and its labels (1, 0 or null for unknown).
    // Blank lines are skipped; a record with the wrong number of fields or a label other than 0, 1,
    // -1 or empty throws FormatException naming its line (and source, when given).
    public static IEnumerable<(int Line, string Id, string Text, int?[] Labels)> ReadRecords(TextReader reader, string? source = null)
    {
        var at = source is null ? "" : source + ": ";
        var header = ReadRecord(reader) ?? throw new FormatException($"{at}The CSV is empty; it needs the header id,comment_text,{string.Join(',', ToxicityLabels.Names)}.");
        var id = header.IndexOf("id");
        var text = header.IndexOf("comment_text");
        if (id < 0 || text < 0)
            throw new FormatException($"{at}The CSV header needs the columns id and comment_text (then any of {string.Join(", ", ToxicityLabels.Names)}).");
        var labelColumns = ToxicityLabels.Names.Select(n => header.IndexOf(n)).ToArray();
        var nextLine = 2;
        while (ReadRecord(reader) is { } record)
        {
            // Quoted fields keep their line breaks, so they tell how many lines the record spanned.
            var line = nextLine;
            nextLine += 1 + record.Sum(f => f.Count(c => c == '\n'));
            if (record.Count == 1 && record[0].Length == 0)
                continue;
            if (record.Count != header.Count)
                throw new FormatException($"{at}Line {line}: {record.Count} fields where the header has {header.Count}.");
            var labels = labelColumns.Select(c => c < 0 ? null : ParseLabel(record[c], $"{at}Line {line}")).ToArray();
            yield return (line, record[id], record[text], labels);
        }
    }

    private static int? ParseLabel(string value, string where) => value.Trim() switch
    {
        "" or "-1" => null,
        "0" => 0,
        "1" => 1,
        _ => throw new FormatException($"{where}: label value '{value}' is not 0, 1, -1 or empty."),
    };

    public static void Write(string path, IEnumerable<LabeledRow> rows)
    {
        using var stream = File.Create(path);
        using var compressed = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(stream, CompressionLevel.Optimal) : (Stream)stream;
        using var writer = new StreamWriter(compressed, new UTF8Encoding(false));
        writer.Write("id,comment_text," + string.Join(',', ToxicityLabels.Names) + "\n");
        foreach (var row in rows)
            writer.Write($"{Quote(row.Id)},{Quote(row.Text)},{string.Join(',', row.Labels)}\n");
    }

    public static TextReader OpenText(string path)
    {
        Stream stream = File.OpenRead(path);
        if (path.EndsWith(".gz", StringComparison.Ordinal))
            stream = new GZipStream(stream, CompressionMode.Decompress);
        return new StreamReader(stream, Encoding.UTF8);
    }

    public static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;

    // Returns null at the end of input; a quoted field left open at the end is a FormatException.
    public static List<string>? ReadRecord(TextReader reader)
    {
        var first = reader.Peek();
        if (first < 0)
            return null;
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        while (true)
        {
            var c = reader.Read();
            if (c < 0)
            {
                if (quoted)
                    throw new FormatException("The CSV ends inside a quoted field.");
                fields.Add(field.ToString());
                return fields;
            }
            if (quoted)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    field.Append((char)c);
                }
                continue;
            }
            switch (c)
            {
                case '"':
                    quoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    return fields;
                default:
                    field.Append((char)c);
                    break;
            }
        }
    }
}
