using System.Runtime.Intrinsics;

namespace Moderation.Scoring;

// Scores text with a trained model, discounts quoted or reported abuse the text condemns
// (Mentions), then lets lexicon and pattern hits raise the labels they name. Thread-safe: the
// model is read-only and working memory is per thread.
public sealed class ModelClassifier : IToxicityClassifier
{
    // Below this calibrated score (the default review level) a label gets no model reason or
    // spans: there is nothing to explain, and most comments stop here.
    private const float SpanLevel = 0.5f;
    private const int SpansPerLabel = 3;

    [ThreadStatic] private static FeatureScratch? scratch;
    [ThreadStatic] private static float[]? tokenContributions;
    [ThreadStatic] private static FeatureScratch? blankScratch;
    [ThreadStatic] private static Mention[]? mentioned;

    private readonly Featurizer featurizer;
    // Eight bytes per bucket: idf, then one weight per label, then padding, so one read brings
    // all of them and the whole table (8 MB) stays in cache. Weights are companded to a signed
    // byte q with w = sign(q) q² scale, which keeps small weights that linear steps would zero.
    private readonly Memory<long> table;
    private readonly nint tableAddress;
    private readonly float idfStep;
    private readonly float[] weightStep = new float[ToxicityLabels.Count];
    private readonly double[] bias;
    private readonly PlattCalibration[] platt;

    public ModelClassifier(ToxicityModel model)
    {
        Header = model.Header;
        var header = model.Header;
        featurizer = new Featurizer(header.Featurizer, Lexicon.Parse(header.Lexicon));
        var dimension = featurizer.Dimension;
        table = HugePages.Allocate(dimension, out tableAddress);
        var rows = table.Span;
        idfStep = model.Idf.Max() / 255;
        for (var l = 0; l < ToxicityLabels.Count; l++)
            weightStep[l] = model.Weights[l].Max(MathF.Abs) / (127f * 127f);
        Span<byte> row = stackalloc byte[8];
        for (var b = 0; b < dimension; b++)
        {
            row[0] = (byte)MathF.Round(model.Idf[b] / idfStep);
            for (var l = 0; l < ToxicityLabels.Count; l++)
            {
                var w = model.Weights[l][b];
                row[1 + l] = (byte)(sbyte)(MathF.Sign(w) * MathF.Round(MathF.Sqrt(MathF.Abs(w) / weightStep[l])));
            }
            rows[b] = BitConverter.ToInt64(row);
        }
        bias = header.Parameters.Select(p => p.Bias).ToArray();
        platt = header.Parameters.Select(p => new PlattCalibration(p.PlattA, p.PlattB)).ToArray();
        ModelVersion = $"toxicity-{header.CreatedUtc:yyyyMMddHHmmss}-{header.DataFingerprint[..8]}";
    }

    // Only the header is kept: the float weights live on in the compact table.
    public ModelHeader Header { get; }

    public string ModelVersion { get; }

    public Featurizer Featurizer => featurizer;

    public static ModelClassifier Load(string path) => new(ModelFile.Load(path));

    public ToxicityPrediction Score(string text) => Score(text, withRules: true);

    // Without rules, the scores are the calibrated model alone (for measuring what the rules add).
    public ToxicityPrediction Score(string text, bool withRules)
    {
        var s = scratch ??= new FeatureScratch();
        s.ModelRows = tableAddress;
        featurizer.Extract(text, s);
        Span<double> margins = stackalloc double[ToxicityLabels.Count];
        var (wordNorm, charNorm) = Margins(s, margins);
        var scores = new float[ToxicityLabels.Count];
        var max = 0f;
        for (var l = 0; l < scores.Length; l++)
            max = Math.Max(max, scores[l] = platt[l].Apply(margins[l]));
        var spans = new List<ScoreSpan>();
        var reasons = new List<ScoreReason>();
        var ruleHits = withRules && (s.LexiconHits.Count > 0 || s.PatternHits.Count > 0);
        if (max < SpanLevel && !ruleHits)
            return new ToxicityPrediction(scores, spans, reasons);
        var n = s.Normalized;
        Span<Mention> mention = [];
        var denounced = false;
        // Most flagged comments condemn nothing; those skip the mention work.
        if (ruleHits || Mentions.MayDenounce(n, s.TokenHashes))
        {
            mention = (mentioned is { } m && m.Length >= n.TokenCount ? m : mentioned = new Mention[n.TokenCount * 2]).AsSpan(0, n.TokenCount);
            Mentions.Mark(text, n, s.TokenHashes, mention);
            denounced = Mentions.Denounced(n, s.TokenHashes, mention);
        }
        if (denounced)
        {
            KeepProfanity(s.LexiconHits, mention);
            if (max >= SpanLevel && mention.ContainsAnyExcept(Mention.None))
                DiscountMentioned(text, n, mention, scores, reasons);
        }
        for (var l = 0; l < scores.Length; l++)
        {
            if (scores[l] < SpanLevel)
                continue;
            reasons.Add(new ScoreReason((ToxicityLabel)l, "model", $"model score {scores[l]:0.00}"));
            AddModelSpans(s, l, wordNorm, charNorm, denounced ? mention : [], spans);
        }
        if (ruleHits)
            ApplyRules(s, mention, denounced, scores, spans, reasons);
        return new ToxicityPrediction(scores, spans, reasons);
    }

    // Margins before calibration; used by training to tune calibration on held-out rows.
    public void Margins(string text, Span<double> margins)
    {
        var s = scratch ??= new FeatureScratch();
        s.ModelRows = tableAddress;
        featurizer.Extract(text, s);
        Margins(s, margins);
    }

    private (float Word, float Char) Margins(FeatureScratch s, Span<double> margins)
    {
        // Gather first, in a loop with nothing else in it, so the processor keeps many cache misses
        // in flight at once; mixing the arithmetic in leaves it waiting on one or two at a time.
        var rows = s.Rows.Length >= s.Distinct ? s.Rows : s.Rows = new long[s.Distinct * 2];
        var table = this.table.Span;
        for (var i = 0; i < s.Distinct; i++)
            rows[i] = table[s.Buckets[i]];
        var word = Vector256<float>.Zero;
        var chars = Vector256<float>.Zero;
        float wordNorm = 0, charNorm = 0;
        for (var i = 0; i < s.Distinct; i++)
        {
            var packed = rows[i];
            var shorts = Vector128.WidenLower(Vector128.CreateScalar(packed).AsSByte());
            var q = Vector256.ConvertToSingle(Vector256.Create(Vector128.WidenLower(shorts), Vector128.WidenUpper(shorts)));
            var row = q * Vector256.Abs(q);
            var count = s.Counts[i];
            var v = TermWeight(count) * (byte)packed * idfStep;
            s.Values[i] = v;
            if (s.Blocks[i] == Featurizer.WordBlock)
            {
                word += row * v;
                wordNorm += v * v;
            }
            else
            {
                chars += row * v;
                charNorm += v * v;
            }
        }
        wordNorm = wordNorm > 0 ? 1 / MathF.Sqrt(wordNorm) : 0;
        charNorm = charNorm > 0 ? 1 / MathF.Sqrt(charNorm) : 0;
        var z = word * wordNorm + chars * charNorm;
        for (var l = 0; l < margins.Length; l++)
            margins[l] = z[1 + l] * weightStep[l] + bias[l];
        return (wordNorm, charNorm);
    }

    // Sublinear term frequency, 1 + ln(count). Most counts are small: looking them up spares the
    // margin loop a call that also spilled its sums, about a fifth of the loop's time.
    private static readonly float[] SmallTermWeights = [.. Enumerable.Range(0, 64).Select(c => c <= 1 ? 1 : 1 + MathF.Log(c))];

    private static float TermWeight(int count) => count < SmallTermWeights.Length ? SmallTermWeights[count] : 1 + MathF.Log(count);

    // Each feature's contribution is credited to the token it first came from; the tokens that
    // pushed hardest become spans, except those in skip (discounted mentions), which no longer count.
    private void AddModelSpans(FeatureScratch s, int label, float wordNorm, float charNorm, ReadOnlySpan<Mention> skip, List<ScoreSpan> spans)
    {
        var n = s.Normalized;
        // Margins has just read each feature's row; reading the table again would miss the cache again.
        var rows = s.Rows;
        var contributions = tokenContributions is { } c && c.Length >= n.TokenCount ? c : tokenContributions = new float[Math.Max(64, n.TokenCount * 2)];
        Array.Clear(contributions, 0, n.TokenCount);
        for (var f = 0; f < s.Distinct; f++)
        {
            var token = s.FirstTokens[f];
            if (token >= 0 && (skip.IsEmpty || skip[token] == Mention.None))
                contributions[token] += s.Values[f] * (s.Blocks[f] == Featurizer.WordBlock ? wordNorm : charNorm) * Weight(rows[f], label);
        }
        for (var k = 0; k < SpansPerLabel; k++)
        {
            var best = -1;
            for (var t = 0; t < n.TokenCount; t++)
            {
                if (contributions[t] > 0 && (best < 0 || contributions[t] > contributions[best]))
                    best = t;
            }
            if (best < 0)
                return;
            var (start, end) = n.Original(n.Tokens[best]);
            spans.Add(new ScoreSpan(start, end, (ToxicityLabel)label, contributions[best]));
            contributions[best] = 0;
        }
    }

    // Profanity is obscene whoever it is put in the mouth of ("stop saying this shit"), so a
    // denounced text's profanity counts like any word it uses; a slur also listed as profanity is
    // still mentioned.
    private static void KeepProfanity(List<LexiconHit> hits, Span<Mention> mention)
    {
        foreach (var hit in hits)
        {
            if (hit.Entry.Category is not (LexiconCategory.Profanity or LexiconCategory.Sexual))
                continue;
            for (var t = hit.FirstToken; t < hit.FirstToken + hit.TokenCount; t++)
            {
                if (!hits.Exists(h => h.Entry.Category == LexiconCategory.Slur && h.FirstToken <= t && t < h.FirstToken + h.TokenCount))
                    mention[t] = Mention.None;
            }
        }
    }

    // A text that condemns what it mentions is scored as if the mentioned words were not there,
    // and keeps the lower of the two scores per label. Scoring the text again, rather than
    // subtracting what the mentioned tokens added, keeps an insult repeated outside its quotation
    // ("Saying 'you moron' is wrong. You moron.") counting.
    private void DiscountMentioned(string text, NormalizedText n, ReadOnlySpan<Mention> mention, float[] scores, List<ScoreReason> reasons)
    {
        var s = blankScratch ??= new FeatureScratch();
        s.ModelRows = tableAddress;
        featurizer.Extract(Mentions.Blank(text, n, mention), s);
        Span<double> margins = stackalloc double[ToxicityLabels.Count];
        Margins(s, margins);
        for (var l = 0; l < scores.Length; l++)
        {
            var before = scores[l];
            var after = platt[l].Apply(margins[l]);
            if (after >= before)
                continue;
            scores[l] = after;
            if (before >= SpanLevel && MathF.Round(before, 2) != MathF.Round(after, 2))
                reasons.Add(new ScoreReason((ToxicityLabel)l, "model", $"quoted or reported words discounted: {before:0.00} to {after:0.00}"));
        }
    }

    private float Weight(long row, int label)
    {
        float q = (sbyte)(row >> (8 * (1 + label)));
        return q * MathF.Abs(q) * weightStep[label];
    }

    // Talking about a word is not using it (Mentions): no rule fires on quoted words, nor on any
    // mentioned word of a text that condemns what it mentions (profanity apart: KeepProfanity).
    private static bool Exempt(Mention mention, bool denounced) => mention == Mention.Quoted || denounced && mention != Mention.None;

    private static void ApplyRules(FeatureScratch s, ReadOnlySpan<Mention> mention, bool denounced, float[] scores, List<ScoreSpan> spans, List<ScoreReason> reasons)
    {
        var n = s.Normalized;
        foreach (var hit in s.LexiconHits)
        {
            if (hit.Entry.Category is LexiconCategory.Sexual or LexiconCategory.Allow)
                continue;
            var first = n.Tokens[hit.FirstToken];
            var last = n.Tokens[hit.FirstToken + hit.TokenCount - 1];
            var start = n.Starts[first.Start];
            var end = n.Ends[last.Start + last.Length - 1];
            if (Exempt(mention[hit.FirstToken], denounced))
            {
                reasons.Add(new ScoreReason(ToxicityLabel.Toxic, "lexicon", $"quoted or mentioned, not raised: {hit.Entry.Phrase}"));
                continue;
            }
            Raise(hit.Entry.Category, start, end, $"{hit.Entry.Category.ToString().ToLowerInvariant()} ({hit.Entry.Language}): {hit.Entry.Phrase}", scores, spans, reasons);
        }
        foreach (var hit in s.PatternHits)
        {
            if (Exempt(mention[hit.FirstToken], denounced))
            {
                reasons.Add(new ScoreReason(ToxicityLabel.Toxic, "lexicon", $"quoted or mentioned, not raised: {hit.Pattern.Name}"));
                continue;
            }
            Raise(hit.Pattern.Category, hit.Start, hit.End, hit.Pattern.Name, scores, spans, reasons);
        }
    }

    private static void Raise(LexiconCategory category, int start, int end, string detail, float[] scores, List<ScoreSpan> spans, List<ScoreReason> reasons)
    {
        foreach (var (label, floor) in Floors(category))
        {
            scores[(int)label] = Math.Max(scores[(int)label], floor);
            spans.Add(new ScoreSpan(start, end, label, floor));
            reasons.Add(new ScoreReason(label, "lexicon", detail));
        }
    }

    // How far a rule hit alone raises each label: far enough to be reviewed. Slurs raise only
    // identity_hate: slur words also turn up quoted or descriptive, and raising toxic too made
    // toxic rank Stormfront's sentences worse.
    public static (ToxicityLabel Label, float Floor)[] Floors(LexiconCategory category) => category switch
    {
        LexiconCategory.Slur => [(ToxicityLabel.IdentityHate, 0.8f)],
        LexiconCategory.Profanity => [(ToxicityLabel.Obscene, 0.8f), (ToxicityLabel.Toxic, 0.6f)],
        LexiconCategory.Insult => [(ToxicityLabel.Insult, 0.75f), (ToxicityLabel.Toxic, 0.7f)],
        LexiconCategory.Threat => [(ToxicityLabel.Threat, 0.8f), (ToxicityLabel.Toxic, 0.7f)],
        _ => [],
    };
}
