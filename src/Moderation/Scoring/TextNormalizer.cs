namespace Moderation.Scoring;

public enum TokenKind : byte
{
    Word,
    Url,
    // A run of punctuation or symbols: seen by character n-grams only, as scikit-learn's char_wb sees "idiot!".
    Punct,
}

// Start and Length index NormalizedText.Chars.
public readonly record struct Token(int Start, int Length, TokenKind Kind);

// The normalized words of one text, each character carrying the range of the original text it
// came from, so that anything found in the normalized form can be shown where the writer put it.
// Instances are reused per thread; nothing here is safe to share.
public sealed class NormalizedText
{
    public char[] Chars = new char[256];
    public int[] Starts = new int[256];
    public int[] Ends = new int[256];
    public int Length;
    public Token[] Tokens = new Token[64];
    public int TokenCount;
    public int Letters;
    public int UpperLetters;

    public ReadOnlySpan<char> Text(Token token) => Chars.AsSpan(token.Start, token.Length);

    public string TextOf(int index) => new(Text(Tokens[index]));

    // The token holding Chars[index], or the one after it when index is a separating space.
    public int TokenAt(int index)
    {
        int lo = 0, hi = TokenCount - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (Tokens[mid].Start + Tokens[mid].Length <= index)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

    public (int Start, int End) Original(Token token) => (Starts[token.Start], Ends[token.Start + token.Length - 1]);

    internal void Clear()
    {
        Length = 0;
        TokenCount = 0;
        Letters = 0;
        UpperLetters = 0;
    }

    internal void Append(ReadOnlySpan<char> chars, ReadOnlySpan<int> starts, ReadOnlySpan<int> ends)
    {
        while (Length + chars.Length > Chars.Length)
        {
            Array.Resize(ref Chars, Chars.Length * 2);
            Array.Resize(ref Starts, Chars.Length);
            Array.Resize(ref Ends, Chars.Length);
        }
        chars.CopyTo(Chars.AsSpan(Length));
        starts.CopyTo(Starts.AsSpan(Length));
        ends.CopyTo(Ends.AsSpan(Length));
        Length += chars.Length;
    }

    internal void Append(char c, int start, int end)
    {
        if (Length == Chars.Length)
        {
            Array.Resize(ref Chars, Length * 2);
            Array.Resize(ref Starts, Length * 2);
            Array.Resize(ref Ends, Length * 2);
        }
        Chars[Length] = c;
        Starts[Length] = start;
        Ends[Length] = end;
        Length++;
    }

    // Words are separated by one space in Chars, so character n-grams and phrase patterns can
    // cross word boundaries.
    internal int BeginToken()
    {
        if (Length > 0)
            Append(' ', Ends[Length - 1], Ends[Length - 1]);
        return Length;
    }

    internal void AddToken(int start, TokenKind kind)
    {
        if (Length == start)
            return;
        if (TokenCount == Tokens.Length)
            Array.Resize(ref Tokens, TokenCount * 2);
        Tokens[TokenCount++] = new Token(start, Length - start, kind);
    }
}

// Undoes the ways people disguise words: width and styled letters, accents, homoglyphs from other
// scripts, leetspeak, masking (f*ck), letters spaced or dotted apart, stretched letters and
// invisible characters. The vocabulary (the lexicon's words) lets masked and stretched words be
// resolved to the word they hide.
public sealed class TextNormalizer(NormalizerVocabulary vocabulary)
{
    [ThreadStatic] private static Scratch? scratch;

    public NormalizerVocabulary Vocabulary => vocabulary;

    public void Normalize(string text, NormalizedText output)
    {
        var s = scratch ??= new Scratch();
        output.Clear();
        Fold(text, s, output);
        var raw = SplitRaw(s);
        var i = 0;
        while (i < raw.Count)
        {
            var run = SpacedLetterRun(s, raw, i);
            if (run > 0)
            {
                EmitJoined(s, raw, i, run, output);
                i += run;
                continue;
            }
            EmitRawToken(s, raw[i].Start, raw[i].End, output);
            i++;
        }
    }

    // Stage 1: code points to folded lower-case characters with original ranges; whitespace runs to one space.
    private static void Fold(string text, Scratch s, NormalizedText output)
    {
        s.Clear(text.Length);
        // Locals rather than fields, so the loop keeps its counts in registers.
        var chars = s.Chars;
        var starts = s.Starts;
        var ends = s.Ends;
        var length = 0;
        var letters = 0;
        var upperLetters = 0;
        Span<char> buffer = stackalloc char[4];
        for (var i = 0; i < text.Length;)
        {
            var ascii = text[i];
            if (ascii < 0x80 && !char.IsControl(ascii))
            {
                // Most text is ASCII: fold it without the table.
                if (ascii is >= 'A' and <= 'Z')
                {
                    letters++;
                    upperLetters++;
                    ascii = (char)(ascii + 32);
                }
                else if (ascii is >= 'a' and <= 'z')
                {
                    letters++;
                }
                if (ascii != ' ' || length > 0 && chars[length - 1] != ' ')
                {
                    chars[length] = ascii;
                    starts[length] = i;
                    ends[length] = i + 1;
                    length++;
                }
                i++;
                continue;
            }
            int cp, width;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                cp = char.ConvertToUtf32(text[i], text[i + 1]);
                width = 2;
            }
            else
            {
                cp = text[i];
                width = 1;
            }
            if (cp < 0x10000 && char.IsLetter((char)cp))
            {
                letters++;
                if (char.IsUpper((char)cp))
                    upperLetters++;
            }
            foreach (var c in CharFolding.Fold(cp, buffer))
            {
                if (c == ' ' && (length == 0 || chars[length - 1] == ' '))
                    continue;
                chars[length] = c;
                starts[length] = i;
                ends[length] = i + width;
                length++;
            }
            i += width;
        }
        s.Length = length;
        output.Letters = letters;
        output.UpperLetters = upperLetters;
    }

    private static List<(int Start, int End)> SplitRaw(Scratch s)
    {
        var raw = s.Raw;
        raw.Clear();
        var start = -1;
        for (var i = 0; i <= s.Length; i++)
        {
            var space = i == s.Length || s.Chars[i] == ' ';
            if (space && start >= 0)
            {
                raw.Add((start, i));
                start = -1;
            }
            else if (!space && start < 0)
            {
                start = i;
            }
        }
        return raw;
    }

    // "f u c k": three or more single letters in a row, kept when the joined word is one we know
    // or long enough that joining is unlikely to glue real one-letter words together.
    private int SpacedLetterRun(Scratch s, List<(int Start, int End)> raw, int from)
    {
        var n = 0;
        while (from + n < raw.Count && IsSingleLetter(s, raw[from + n]))
            n++;
        if (n < 3)
            return 0;
        if (n >= 4)
            return n;
        Span<char> joined = stackalloc char[3];
        for (var k = 0; k < 3; k++)
            joined[k] = MapLeet(s.Chars[raw[from + k].Start]);
        return vocabulary.Contains(joined) ? 3 : 0;
    }

    private static bool IsSingleLetter(Scratch s, (int Start, int End) r)
    {
        if (r.End - r.Start != 1)
            return false;
        var c = s.Chars[r.Start];
        return char.IsLetter(c) || LeetLetter(c) != '\0' && c is not ('!' or '|' or '+');
    }

    private void EmitJoined(Scratch s, List<(int Start, int End)> raw, int from, int count, NormalizedText output)
    {
        var w = s.Word;
        w.Clear();
        for (var k = 0; k < count; k++)
        {
            var p = raw[from + k].Start;
            w.Add(MapLeet(s.Chars[p]), s.Starts[p], s.Ends[p]);
        }
        EmitWord(w, output);
    }

    private static char MapLeet(char c) => char.IsLetter(c) ? c : LeetLetter(c);

    private void EmitRawToken(Scratch s, int start, int end, NormalizedText output)
    {
        var chars = s.Chars.AsSpan(start, end - start);
        // Most tokens are plain words: nothing below would change them.
        if (IsPlainWord(chars))
        {
            var at = output.BeginToken();
            output.Append(chars, s.Starts.AsSpan(start, chars.Length), s.Ends.AsSpan(start, chars.Length));
            output.AddToken(at, TokenKind.Word);
            return;
        }
        if (LooksLikeUrl(chars))
        {
            var at = output.BeginToken();
            foreach (var c in "url")
                output.Append(c, s.Starts[start], s.Ends[end - 1]);
            output.AddToken(at, TokenKind.Url);
            return;
        }
        var w = s.Word;
        w.Clear();
        var latin = false;
        foreach (var c in chars)
            latin |= c is >= 'a' and <= 'z';
        if (IsDottedLetters(chars))
        {
            for (var i = start; i < end; i += 2)
                w.Add(MapLeet(Confusable(s.Chars[i], latin)), s.Starts[i], s.Ends[i]);
            EmitWord(w, output);
            return;
        }
        var ordinal = IsNumberWithSuffix(chars);
        var p = s.Punct;
        p.Clear();
        for (var i = start; i < end; i++)
        {
            var c = Confusable(s.Chars[i], latin);
            var leet = LeetLetter(c);
            var add = char.IsLetter(c) || char.IsDigit(c) && (ordinal || leet == '\0') ? c
                : !ordinal && leet != '\0' && IsInsideWord(s, start, end, i, c) ? leet
                : c is '*' or '#' && IsInsideWord(s, start, end, i, c) ? '*'
                : char.IsDigit(c) ? c
                : '\0';
            if (add == '\0')
            {
                EmitWord(w, output);
                w.Clear();
                // Apostrophes split words ("i'll" → "i ll", as the phrase patterns expect) and vanish.
                if (c is not ('\'' or '’' or '‘' or '`'))
                    p.Add(c, s.Starts[i], s.Ends[i]);
                continue;
            }
            EmitPunct(p, output);
            w.Add(add, s.Starts[i], s.Ends[i]);
        }
        EmitWord(w, output);
        EmitPunct(p, output);
    }

    // Lower-case ASCII letters with no run to collapse or squeeze.
    private bool IsPlainWord(ReadOnlySpan<char> chars) =>
        !chars.ContainsAnyExceptInRange('a', 'z') && !HasRun(chars, 3) && !SqueezesToKnownWord(chars);

    private static void EmitPunct(WordBuffer p, NormalizedText output)
    {
        if (p.Length == 0)
            return;
        p.CollapseRuns(3, 2);
        var at = output.BeginToken();
        output.Append(p.Span, p.Starts.AsSpan(0, p.Length), p.Ends.AsSpan(0, p.Length));
        output.AddToken(at, TokenKind.Punct);
        p.Clear();
    }

    private static char Confusable(char c, bool latin) => latin && CharFolding.TryConfusable(c, out var l) ? l : c;

    // A leet or mask character belongs to the word when letters sit on both sides of its run
    // ("sh1t", "f**k", "b00bs"), or it ends a word ("a$$") or starts one ("$hit") in the usual ways.
    private static bool IsInsideWord(Scratch s, int start, int end, int i, char c)
    {
        var letterLeft = HasLetterBeside(s, start, end, i, -1);
        var letterRight = HasLetterBeside(s, start, end, i, 1);
        if (letterLeft && letterRight)
            return true;
        if (c is '!' or '|' or '+')
            return false;
        if (letterLeft)
            return c is '$' or '*' or '#';
        if (letterRight)
            return c is not ('*' or '#') && (c != '@' || end - start <= 4);
        return false;
    }

    private static bool HasLetterBeside(Scratch s, int start, int end, int i, int step)
    {
        for (var j = i + step; j >= start && j < end; j += step)
        {
            var c = s.Chars[j];
            if (char.IsLetter(c))
                return true;
            if (LeetLetter(c) == '\0' && c is not ('*' or '#'))
                return false;
        }
        return false;
    }

    internal static char LeetLetter(char c) => c switch
    {
        '0' => 'o',
        '1' or '!' or '|' => 'i',
        '3' => 'e',
        '4' or '@' => 'a',
        '5' or '$' => 's',
        '7' or '+' => 't',
        '8' => 'b',
        '9' => 'g',
        _ => '\0',
    };

    private static bool IsNumberWithSuffix(ReadOnlySpan<char> chars)
    {
        var digits = 0;
        while (digits < chars.Length && char.IsDigit(chars[digits]))
            digits++;
        if (digits == 0)
            return false;
        var rest = chars[digits..].TrimEnd(".,;:!?)".AsSpan());
        return rest.Length <= 3 && (rest.IsEmpty || rest is "st" or "nd" or "rd" or "th" or "s" or "k" or "m" or "bn" or "am" or "pm" or "x" or "d" or "h" or "kg" or "km" or "cm" or "mm" or "g" or "gb" or "mb" or "yo");
    }

    // "s.t.u.p.i.d", "f-u-c-k", "f_u_c_k": single letters split by one repeated separator.
    private static bool IsDottedLetters(ReadOnlySpan<char> chars)
    {
        if (chars.Length > 0 && chars[^1] == '.' && chars.Length % 2 == 0)
            chars = chars[..^1];
        if (chars.Length < 5 || chars.Length % 2 == 0)
            return false;
        var sep = chars[1];
        if (sep is not ('.' or '-' or '_' or '*' or '~' or ','))
            return false;
        for (var i = 0; i < chars.Length; i++)
        {
            if (i % 2 == 1 ? chars[i] != sep : !(char.IsLetter(chars[i]) || LeetLetter(chars[i]) is not '\0' and not 'i' || chars[i] == '1'))
                return false;
        }
        return true;
    }

    private static bool LooksLikeUrl(ReadOnlySpan<char> chars) =>
        chars.IndexOfAny(':', '@', '.') >= 0 && (chars.Contains("://".AsSpan(), StringComparison.Ordinal) || chars.StartsWith("www.".AsSpan(), StringComparison.Ordinal)
        || chars.IndexOf('@') > 0 && chars[(chars.IndexOf('@') + 1)..].IndexOf('.') > 0
        || chars.EndsWith(".com".AsSpan(), StringComparison.Ordinal) || chars.EndsWith(".org".AsSpan(), StringComparison.Ordinal));

    // Collapses stretched letters and resolves masks against the vocabulary, then appends the word.
    private void EmitWord(WordBuffer w, NormalizedText output)
    {
        if (w.Length == 0)
            return;
        w.CollapseRuns(3, 2);
        if (w.Length > 1)
        {
            if (w.Span.IndexOf('*') >= 0)
            {
                if (vocabulary.ResolveMask(w.Span) is { } word)
                    w.Replace(word);
            }
            else if (SqueezesToKnownWord(w.Span))
            {
                w.CollapseRuns(2, 1);
            }
        }
        var at = output.BeginToken();
        output.Append(w.Span, w.Starts.AsSpan(0, w.Length), w.Ends.AsSpan(0, w.Length));
        output.AddToken(at, TokenKind.Word);
    }

    // "fuuck": a word we do not know, whose doubled letters made single give one we do.
    private bool SqueezesToKnownWord(ReadOnlySpan<char> word)
    {
        if (!HasRun(word, 2) || vocabulary.Contains(word))
            return false;
        Span<char> squeezed = stackalloc char[word.Length];
        return vocabulary.Contains(squeezed[..Squeeze(word, squeezed)]);
    }

    private static bool HasRun(ReadOnlySpan<char> chars, int length)
    {
        var run = 1;
        for (var i = 1; i < chars.Length; i++)
        {
            run = chars[i] == chars[i - 1] ? run + 1 : 1;
            if (run >= length)
                return true;
        }
        return false;
    }

    private static int Squeeze(ReadOnlySpan<char> from, Span<char> to)
    {
        var n = 0;
        foreach (var c in from)
        {
            if (n == 0 || to[n - 1] != c)
                to[n++] = c;
        }
        return n;
    }

    private sealed class Scratch
    {
        public char[] Chars = new char[256];
        public int[] Starts = new int[256];
        public int[] Ends = new int[256];
        public int Length;
        public readonly List<(int Start, int End)> Raw = [];
        public readonly WordBuffer Word = new();
        public readonly WordBuffer Punct = new();

        public void Clear(int capacity)
        {
            Length = 0;
            if (Chars.Length < capacity * 3)
            {
                Chars = new char[capacity * 3];
                Starts = new int[capacity * 3];
                Ends = new int[capacity * 3];
            }
        }
    }

    private sealed class WordBuffer
    {
        public char[] Chars = new char[64];
        public int[] Starts = new int[64];
        public int[] Ends = new int[64];
        public int Length;

        public ReadOnlySpan<char> Span => Chars.AsSpan(0, Length);

        public void Clear() => Length = 0;

        public void Add(char c, int start, int end)
        {
            if (Length == Chars.Length)
            {
                Array.Resize(ref Chars, Length * 2);
                Array.Resize(ref Starts, Length * 2);
                Array.Resize(ref Ends, Length * 2);
            }
            Chars[Length] = c;
            Starts[Length] = start;
            Ends[Length] = end;
            Length++;
        }

        // Runs of at least minRun equal characters shrink to keep characters; the kept ones stretch
        // to cover the whole run in the original text.
        public void CollapseRuns(int minRun, int keep)
        {
            if (!HasRun(Span, minRun))
                return;
            var n = 0;
            for (var i = 0; i < Length;)
            {
                var j = i;
                while (j < Length && Chars[j] == Chars[i])
                    j++;
                var take = j - i >= minRun ? keep : j - i;
                for (var k = 0; k < take; k++)
                {
                    Chars[n] = Chars[i];
                    Starts[n] = Starts[i + k];
                    Ends[n] = k == take - 1 ? Ends[j - 1] : Ends[i + k];
                    n++;
                }
                i = j;
            }
            Length = n;
        }

        // A resolved mask has the same length as the word it hides, so offsets stay one to one.
        public void Replace(string word)
        {
            for (var i = 0; i < Length; i++)
                Chars[i] = word[i];
        }
    }
}
