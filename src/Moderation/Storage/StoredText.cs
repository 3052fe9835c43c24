using System.Text;

namespace Moderation.Storage;

/// PostgreSQL text holds neither NUL nor half a surrogate pair, and callers send both. Each becomes U+FFFD, one
/// character for one, so offsets into the text (the spans of a score) stay true.
public static class StoredText
{
    public static string Clean(string text)
    {
        var firstBad = IndexOfBad(text);
        if (firstBad < 0)
            return text;
        var chars = text.ToCharArray();
        for (var i = firstBad; i < chars.Length; i++)
        {
            if (chars[i] == '\0')
                chars[i] = '\uFFFD';
            else if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
                i++;
            else if (char.IsSurrogate(chars[i]))
                chars[i] = '\uFFFD';
        }
        return new string(chars);
    }

    public static string? CleanOrNull(string? text) => text is null ? null : Clean(text);

    static int IndexOfBad(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
                return i;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                i++;
            else if (char.IsSurrogate(c))
                return i;
        }
        return -1;
    }
}
