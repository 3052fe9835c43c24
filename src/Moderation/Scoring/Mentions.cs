namespace Moderation.Scoring;

public enum Mention : byte
{
    None,
    AfterCue,
    Quoted,
}

// Words talked about rather than used: inside quotation marks, or after a reporting cue
// ("calling", "saying", "the word") up to the end of its clause. "Saying 'women are stupid' is
// sexist" reports abuse without committing it. Where the text condemns what it mentions
// (Denounced), neither the rules nor the model count the mentioned words; quoted words never
// trigger a rule. A cue alone proves little ("I say we ..."), so it needs the condemnation.
// (Giving them model features of their own, apart from the same words used, cost 0.004 toxic
// ROC-AUC on Wikipedia comments, which quote each other a lot.)
public static class Mentions
{
    private const int MaxQuote = 200;
    private const int CueScope = 10;

    private static readonly HashSet<string> Cues =
        ["word", "words", "term", "slur", "slurs", "called", "calling", "say", "says", "saying", "claim", "claims", "claiming", "writing",
         "wrote", "telling", "quoting"];
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> CueLookup = Cues.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly WordFilter CueFilter = new(Cues);

    // Words that judge what the text mentions. One counts where it is said of something ("... is
    // sexist", "... causes real harm"), where a cue follows it ("stop calling ...", "antisemites
    // claim ..."), or where it is an act of its own ("which the data refutes", "we banned him");
    // "you racist hypocrite" judges nothing. One also ends a cue's scope, so "Calling someone a
    // faggot is a slur" mentions "someone a faggot is a" and condemns it with "slur".
    private static readonly HashSet<string> Judgements =
        ["sexist", "sexism", "racist", "racism", "racists", "bigot", "bigots", "bigoted", "bigotry", "hateful", "slur", "slurs", "offensive",
         "harassment", "harm", "harmful", "abuse", "abusive", "unacceptable", "wrong", "false", "untrue", "lie", "lies", "myth", "prejudice",
         "stereotype", "fired", "stop", "troll", "trolls", "homophobic", "transphobic", "antisemitic", "antisemites", "islamophobic",
         "xenophobic", "misogynist", "misogynistic", "dehumanizing", "dehumanising"];
    private static readonly HashSet<string> Acts = ["refute", "refutes", "refuted", "debunked", "banned", "condemn", "condemns", "condemned"];
    private static readonly HashSet<string> Copulas = ["is", "are", "was", "were", "be", "been", "s", "causes", "cause"];
    // "… is not wrong" denies the judgement ("isn't" is "isn t" once normalized).
    private static readonly HashSet<string> Negations = ["not", "t", "never", "no"];
    // Words aimed at the reader are used, not mentioned: "stop calling me a faggot you piece of shit".
    private static readonly HashSet<string> Reader = ["you", "your", "u", "ur", "ya", "yourself"];
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> JudgementLookup = Judgements.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ActLookup = Acts.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> CopulaLookup = Copulas.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> NegationLookup = Negations.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ReaderLookup = Reader.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly WordFilter CondemnationFilter = new([.. Judgements, .. Acts]);
    private const int CopulaReach = 3;

    // hashes holds WordFilter.Hash of each token; mentioned gets one flag per token.
    public static void Mark(string text, NormalizedText n, ReadOnlySpan<uint> hashes, Span<Mention> mentioned)
    {
        mentioned.Clear();
        MarkQuoted(text, n, mentioned);
        for (var t = 0; t < n.TokenCount; t++)
        {
            // A cue right before a quotation ("saying 'women are stupid'") mentions just the quotation.
            if (!IsCue(n, hashes, t) || t + 1 < n.TokenCount && mentioned[t + 1] == Mention.Quoted)
                continue;
            for (var k = t + 1; k < Math.Min(n.TokenCount, t + 1 + CueScope) && InCueScope(n, hashes, k); k++)
                mentioned[k] = mentioned[k] == Mention.None ? Mention.AfterCue : mentioned[k];
        }
    }

    private static bool InCueScope(NormalizedText n, ReadOnlySpan<uint> hashes, int k) =>
        n.Tokens[k].Kind != TokenKind.Punct && !IsCondemnation(n, hashes, k) && !ReaderLookup.Contains(n.Text(n.Tokens[k]));

    // False when no word could condemn anything, which spares most texts the rest.
    public static bool MayDenounce(NormalizedText n, ReadOnlySpan<uint> hashes)
    {
        for (var t = 0; t < n.TokenCount; t++)
        {
            if (IsCondemnation(n, hashes, t) || NamesAWord(n.Text(n.Tokens[t])))
                return true;
        }
        return false;
    }

    // Whether a word outside what is mentioned condemns it. Only then is mentioning abuse taken for
    // reporting it: "He said 'you are an idiot' and he is right" condemns nothing.
    public static bool Denounced(NormalizedText n, ReadOnlySpan<uint> hashes, ReadOnlySpan<Mention> mentioned)
    {
        if (!mentioned[..n.TokenCount].ContainsAnyExcept(Mention.None))
            return false;
        for (var t = 0; t < n.TokenCount; t++)
        {
            if (IsWordAsWord(n, mentioned, t))
                return true;
            if (mentioned[t] != Mention.None || !IsCondemnation(n, hashes, t))
                continue;
            if (t > 0 && NegationLookup.Contains(n.Text(n.Tokens[t - 1])))
                continue;
            if (ActLookup.Contains(n.Text(n.Tokens[t])) || t + 1 < n.TokenCount && IsCue(n, hashes, t + 1))
                return true;
            for (var k = t - 1; k >= Math.Max(0, t - CopulaReach); k--)
            {
                var before = n.Text(n.Tokens[k]);
                if (NegationLookup.Contains(before))
                    break;
                if (CopulaLookup.Contains(before))
                    return true;
            }
        }
        return false;
    }

    // The text with every mentioned word blanked out, offsets unchanged.
    public static string Blank(string text, NormalizedText n, ReadOnlySpan<Mention> mentioned)
    {
        var chars = text.ToCharArray();
        for (var t = 0; t < n.TokenCount; t++)
        {
            if (mentioned[t] == Mention.None)
                continue;
            var (start, end) = n.Original(n.Tokens[t]);
            chars.AsSpan(start, end - start).Fill(' ');
        }
        return new string(chars);
    }

    // "The word 'X'" talks about X as a word, whatever it goes on to say.
    private static bool IsWordAsWord(NormalizedText n, ReadOnlySpan<Mention> mentioned, int t) =>
        t > 0 && t + 1 < n.TokenCount && mentioned[t + 1] == Mention.Quoted && n.Text(n.Tokens[t - 1]) is "the" && NamesAWord(n.Text(n.Tokens[t]));

    private static bool NamesAWord(ReadOnlySpan<char> word) => word is "word" or "term" or "slur";

    private static bool IsCue(NormalizedText n, ReadOnlySpan<uint> hashes, int t) =>
        n.Tokens[t].Kind == TokenKind.Word && CueFilter.MayContain(hashes[t]) && CueLookup.Contains(n.Text(n.Tokens[t]));

    private static bool IsCondemnation(NormalizedText n, ReadOnlySpan<uint> hashes, int t) =>
        n.Tokens[t].Kind == TokenKind.Word && CondemnationFilter.MayContain(hashes[t]) &&
        (JudgementLookup.Contains(n.Text(n.Tokens[t])) || ActLookup.Contains(n.Text(n.Tokens[t])));

    private static void MarkQuoted(string text, NormalizedText n, Span<Mention> mentioned)
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
                mentioned[t] = Mention.Quoted;
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
