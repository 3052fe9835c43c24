using System.Globalization;

namespace Moderation.Scoring;

// The runtime runs with InvariantGlobalization, where string.Normalize does nothing, so the
// NFKC-style folding that matters for abuse (width, styled letters, accents, ligatures, Arabic
// letter variants) is done here from tables.
internal static class CharFolding
{
    private static readonly string?[] Bmp = BuildBmpTable();

    // Lookalikes from other scripts, applied only inside words that also hold Latin letters,
    // so Russian or Greek text is left alone.
    private static readonly char[] Confusables = BuildConfusables();

    public static bool TryConfusable(char c, out char latin)
    {
        latin = c < Confusables.Length ? Confusables[c] : '\0';
        return latin != '\0';
    }

    // Folds one code point to zero or more lower-case characters; empty means invisible.
    public static ReadOnlySpan<char> Fold(int codePoint, Span<char> scratch)
    {
        if (codePoint < 0x10000)
            return Bmp[codePoint] is { } s ? s.AsSpan() : ReadOnlySpan<char>.Empty;
        var folded = FoldAstral(codePoint);
        if (folded == '\0')
            return ReadOnlySpan<char>.Empty;
        scratch[0] = folded;
        return scratch[..1];
    }

    private static char FoldAstral(int cp)
    {
        if (cp is >= 0x1D400 and <= 0x1D6A3)
            return (char)('a' + (cp - 0x1D400) % 52 % 26);
        if (cp is >= 0x1D7CE and <= 0x1D7FF)
            return (char)('0' + (cp - 0x1D7CE) % 10);
        if (cp is >= 0x1F130 and <= 0x1F189)
            return (char)('a' + (cp - 0x1F130) % 26);
        if (cp is >= 0x1F1E6 and <= 0x1F1FF)
            return (char)('a' + cp - 0x1F1E6);
        // Tag characters and variation selectors supplement are invisible.
        if (cp is >= 0xE0000 and <= 0xE01EF)
            return '\0';
        return '\uFFFD';
    }

    private static string?[] BuildBmpTable()
    {
        var table = new string?[0x10000];
        for (var i = 0; i < table.Length; i++)
        {
            var c = (char)i;
            if (char.IsSurrogate(c))
                continue;
            if (char.IsWhiteSpace(c))
            {
                table[i] = " ";
                continue;
            }
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Format or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
                or UnicodeCategory.Control or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
                continue;
            table[i] = char.ToLowerInvariant(c).ToString();
        }
        for (var c = 0xFF01; c <= 0xFF5E; c++)
            table[c] = char.ToLowerInvariant((char)(c - 0xFEE0)).ToString();
        for (var i = 0; i < 26; i++)
        {
            table[0x24B6 + i] = table[0x24D0 + i] = table[0x249C + i] = ((char)('a' + i)).ToString();
        }
        const string accented = "àáâãäåāăąǎȁȃȧạảấầẩẫậắằẳẵặ|a çćĉċč|c ďđ|d èéêëēĕėęěȅȇẹẻẽếềểễệ|e ĝğġģ|g ĥħ|h ìíîïĩīĭįıǐȉȋịỉ|i ĵ|j ķ|k ĺļľŀł|l ñńņňŉ|n òóôõöøōŏőǒȍȏọỏốồổỗộớờởỡợơ|o ŕŗř|r śŝşšș|s ţťŧț|t ùúûüũūŭůűųǔưụủứừửữự|u ŵ|w ýÿŷỳỵỷỹ|y źżž|z";
        foreach (var group in accented.Split(' '))
        {
            var bar = group.IndexOf('|');
            foreach (var ch in group[..bar])
            {
                table[ch] = group[(bar + 1)..];
                table[char.ToUpperInvariant(ch)] = group[(bar + 1)..];
            }
        }
        foreach (var (from, to) in new[] { ("ß", "ss"), ("æ", "ae"), ("Æ", "ae"), ("œ", "oe"), ("Œ", "oe"), ("ﬀ", "ff"), ("ﬁ", "fi"), ("ﬂ", "fl"), ("ﬃ", "ffi"), ("ﬄ", "ffl"), ("ﬅ", "st"), ("ﬆ", "st"), ("ĳ", "ij") })
            table[from[0]] = to;
        // Arabic: letter variants that writers use interchangeably, and the tatweel used to stretch words.
        foreach (var (from, to) in new[] { ('أ', 'ا'), ('إ', 'ا'), ('آ', 'ا'), ('ٱ', 'ا'), ('ى', 'ي'), ('ئ', 'ي'), ('ؤ', 'و'), ('ة', 'ه') })
            table[from] = to.ToString();
        table['\u0640'] = null;
        // Superscript and small-capital letters used to dodge filters.
        const string small = "ᴀa ʙb ᴄc ᴅd ᴇe ɢg ʜh ɪi ᴊj ᴋk ʟl ᴍm ɴn ᴏo ᴘp ʀr ꜱs ᴛt ᴜu ᴠv ᴡw ʏy ᴢz";
        foreach (var pair in small.Split(' '))
            table[pair[0]] = pair[1].ToString();
        return table;
    }

    private static char[] BuildConfusables()
    {
        const string pairs = "аa вb сc еe һh іi јj кk мm оo рp ԛq ѕs тt уy хx ԁd ɡg ӏl ԝw ёe ӑa ӧo ҫc αa βb εe ηn ιi κk νv οo ρp τt υu χx ωw ϲc ϳj";
        var map = new char[0x530];
        foreach (var pair in pairs.Split(' '))
            map[pair[0]] = pair[1];
        return map;
    }
}
