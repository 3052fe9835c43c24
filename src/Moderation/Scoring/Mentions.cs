namespace Moderation.Scoring;

// Words talked about rather than used: inside quotation marks, or after a reporting cue
// ("calling", "saying", "the word") up to the end of its clause. "Saying 'women are stupid' is
// sexist" reports abuse without committing it, so the rule layer raises nothing for such words.
// (Giving them model features of their own, apart from the same words used, cost 0.004 toxic
// ROC-AUC on Wikipedia comments, which quote each other a lot: the model scores them as written.)
public static class Mentions
{
    private const int MaxQuote = 200;
    private const int CueScope = 10;

    private static readonly HashSet<string> Cues =
        ["word", "words", "term", "slur", "slurs", "called", "calling", "saying", "claim", "claims", "claiming", "writing", "wrote", "telling"];
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> CueLookup = Cues.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly WordFilter CueFilter = new(Cues);

    // hashes holds WordFilter.Hash of each token; mentioned gets one flag per token.
    public static void Mark(string text, NormalizedText n, ReadOnlySpan<uint> hashes, Span<bool> mentioned)
    {
        mentioned.Clear();
        MarkQuoted(text, n, mentioned);
        for (var t = 0; t < n.TokenCount; t++)
        {
            if (n.Tokens[t].Kind != TokenKind.Word || !CueFilter.MayContain(hashes[t]) || !CueLookup.Contains(n.Text(n.Tokens[t])))
                continue;
            for (var k = t + 1; k < Math.Min(n.TokenCount, t + 1 + CueScope) && n.Tokens[k].Kind != TokenKind.Punct; k++)
                mentioned[k] = true;
        }
    }

    private static void MarkQuoted(string text, NormalizedText n, Span<bool> mentioned)
    {
        var t = 0;
        for (var i = 0; i < text.Length && t < n.TokenCount; i++)
        {
            if (!IsOpening(text, i, out var closing))
                continue;
            var close = FindClosing(text, i + 1, closing);
            // A quote around (nearly) the whole comment is how some exports wrap text, not a quotation.
            if (close < 0 || close - i > text.Length * 3 / 4)
                continue;
            while (t < n.TokenCount && n.Starts[n.Tokens[t].Start] <= i)
                t++;
            for (; t < n.TokenCount && n.Starts[n.Tokens[t].Start] < close; t++)
                mentioned[t] = true;
            i = close;
        }
    }

    // A straight or single quote opens a quotation only where a word could start, so "don't"
    // and "the users' posts" open nothing.
    private static bool IsOpening(string text, int i, out char closing)
    {
        closing = text[i] switch
        {
            '"' => '"',
            '“' or '„' => '”',
            '«' => '»',
            '\'' or '‘' => '’',
            _ => '\0',
        };
        if (closing == '\0')
            return false;
        if (text[i] is '\'' or '‘' or '"' && i > 0 && char.IsLetterOrDigit(text[i - 1]))
            return false;
        return i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]);
    }

    private static int FindClosing(string text, int from, char closing)
    {
        for (var i = from; i < Math.Min(text.Length, from + MaxQuote); i++)
        {
            var c = text[i];
            if (c == '\n')
                return -1;
            var closes = closing switch
            {
                '’' => c is '\'' or '’',
                '”' => c is '”' or '"',
                _ => c == closing,
            };
            if (closes && (c is not ('\'' or '’') || i + 1 == text.Length || !char.IsLetterOrDigit(text[i + 1])))
                return i;
        }
        return -1;
    }
}
