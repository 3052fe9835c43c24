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
    public static IEnumerable<LabelRow> Read(TextReader reader) =>
        LabeledCsv.ReadRecords(reader).Select(r => new LabelRow(r.Id, r.Text, r.Labels));
}
