using System.Text;

namespace Moderation.Extraction;

// Shared content sniffing for Accepts: formats are chosen by what a file holds, its name only breaks ties.
internal static class DocumentHead
{
    static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    // The head may end mid-character; the lenient decoder turns that into U+FFFD, which sniffing ignores.
    public static string Text(ReadOnlySpan<byte> head) =>
        Encoding.UTF8.GetString(head.StartsWith(Utf8Bom) ? head[Utf8Bom.Length..] : head).TrimStart();

    public static bool LooksBinary(ReadOnlySpan<byte> head) => head.Contains((byte)0);

    public static bool HasExtension(string fileName, params ReadOnlySpan<string> extensions)
    {
        var actual = Path.GetExtension(fileName);
        foreach (var extension in extensions)
        {
            if (actual.Equals(extension, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    public static DateTimeOffset? ParseDate(string? text) =>
        DateTimeOffset.TryParse(text?.Trim(), System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var date) ? date : null;
}
