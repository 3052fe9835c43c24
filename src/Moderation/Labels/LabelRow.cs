using System.Globalization;
using System.Text;
using Moderation.Scoring;

namespace Moderation.Labels;

/// One labelled comment in the Jigsaw layout: id, comment_text and the six labels, each 1, 0 or null (unknown).
public sealed record LabelRow(string Id, string CommentText, int?[] Labels);

/// The Jigsaw CSV layout (`id,comment_text,toxic,…,identity_hate`, RFC 4180 quoting, -1 or empty for unknown), over
/// the same record reader training uses, with errors that name the line.
public static class JigsawCsv
{
    public static readonly string Header = "id,comment_text," + string.Join(',', ToxicityLabels.Names);

    public static string Format(LabelRow row)
    {
        var line = new StringBuilder();
        line.Append(LabeledCsv.Quote(row.Id)).Append(',').Append(LabeledCsv.Quote(row.CommentText));
        foreach (var label in row.Labels)
            line.Append(',').Append(label is { } v ? v.ToString(CultureInfo.InvariantCulture) : "-1");
        return line.ToString();
    }

    /// Reads rows lazily; a malformed row throws FormatException naming its line.
    public static IEnumerable<LabelRow> Read(TextReader reader)
    {
        var header = LabeledCsv.ReadRecord(reader) ?? throw new FormatException("The CSV is empty; it needs the header " + Header + ".");
        var id = header.IndexOf("id");
        var text = header.IndexOf("comment_text");
        if (id < 0 || text < 0)
            throw new FormatException("The CSV header needs the columns id and comment_text (then any of " + string.Join(", ", ToxicityLabels.Names) + ").");
        var labelColumns = ToxicityLabels.Names.Select(n => header.IndexOf(n)).ToArray();
        var nextLine = 2;
        while (LabeledCsv.ReadRecord(reader) is { } record)
        {
            // Quoted fields keep their line breaks, so they tell how many lines the record spanned.
            var line = nextLine;
            nextLine += 1 + record.Sum(f => f.Count(c => c == '\n'));
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
}
