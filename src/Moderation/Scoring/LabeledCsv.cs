using System.IO.Compression;
using System.Text;

namespace Moderation.Scoring;

// One training or evaluation row; a label of -1 is unknown for that row.
public sealed record LabeledRow(string Id, string Text, sbyte[] Labels);

// The Jigsaw column layout (id,comment_text,toxic,…,identity_hate), RFC 4180 quoting, gzip when
// the name ends in .gz. Missing label columns and empty cells read as unknown.
public static class LabeledCsv
{
    public static IEnumerable<LabeledRow> Read(string path)
    {
        using var reader = OpenText(path);
        var header = ReadRecord(reader) ?? throw new InvalidDataException($"{path} is empty");
        var id = header.IndexOf("id");
        var text = header.IndexOf("comment_text");
        if (id < 0 || text < 0)
            throw new InvalidDataException($"{path} needs id and comment_text columns");
        var labelColumns = ToxicityLabels.Names.Select(n => header.IndexOf(n)).ToArray();
        while (ReadRecord(reader) is { } record)
        {
            var labels = new sbyte[ToxicityLabels.Count];
            for (var l = 0; l < labels.Length; l++)
            {
                var c = labelColumns[l];
                labels[l] = c < 0 || c >= record.Count || record[c].Length == 0 ? (sbyte)-1 : sbyte.Parse(record[c]);
            }
            if (labels.Max() < 0)
                continue;
            yield return new LabeledRow(record[id], record[text], labels);
        }
    }

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
