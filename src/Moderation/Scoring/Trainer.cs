using System.Diagnostics;

namespace Moderation.Scoring;

// Labels pulled toward the toxic model need stronger regularization: it keeps them near toxic.
// SourceInterceptLambda was chosen among 0, 0.004 and 0.01 on the tuning rows, by the mean of the
// pooled and the per-source ROC-AUC of toxic: free intercepts (0) rank best inside each source but
// worst across them.
public sealed record TrainingOptions(FeaturizerSettings Featurizer, double[] Lambdas, double[] PriorLambdas, int MaxIterations, int RefitIterations, double SourceInterceptLambda)
{
    public static TrainingOptions Default { get; } = new(new FeaturizerSettings(IdentityClass: true), [4e-5, 1.2e-5, 4e-6], [2e-4, 6e-5, 2e-5], 60, 30, 0.004);
}

// Fits one logistic model per label on the rows where that label is known. Validation rows are
// never seen; tuning rows choose regularization, calibration and thresholds, after which each
// label is refitted on all training rows. Regularization is chosen by the mean of per-source
// ROC-AUC on the tuning rows: a moderator ranks one site's comments at a time, and a model that
// ranks well inside every source generalises better than one that learned the sources' base rates.
// insult and identity_hate are known only for OLID and Stormfront, so they start from, and are
// pulled toward, the toxic model learned from every source (+0.02 tuning ROC-AUC over a zero prior). No randomness anywhere, so a run is reproducible;
// labels train in parallel, one per core.
public sealed class Trainer(Lexicon lexicon, TrainingOptions options, Action<string> progress)
{
    private static readonly int[] Independent = [(int)ToxicityLabel.Toxic, (int)ToxicityLabel.Obscene, (int)ToxicityLabel.SevereToxic, (int)ToxicityLabel.Threat];
    private static readonly int[] FromToxic = [(int)ToxicityLabel.Insult, (int)ToxicityLabel.IdentityHate];

    private sealed record Fitted(LabelParameters Parameters, double[] Tuned, double[] Final);

    public ToxicityModel Train(IReadOnlyList<LabeledRow> allRows, string fingerprint)
    {
        var clock = Stopwatch.StartNew();
        var rows = allRows.Where(r => !ValidationSplit.IsValidation(r.Id)).ToArray();
        var tuning = rows.Select(r => ValidationSplit.IsTuning(r.Id)).ToArray();
        var sources = rows.Select(r => ValidationSplit.Source(r.Id)).ToArray();
        var featurizer = new Featurizer(options.Featurizer, lexicon);
        progress($"featurizing {rows.Length} training rows");
        var (x, idf) = Vectorize(featurizer, rows);
        progress($"{x.Values.Length} features in {clock.Elapsed.TotalSeconds:0.0}s");

        var fitted = new Fitted[ToxicityLabels.Count];
        var done = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        void Run(int l, Fitted? prior)
        {
            fitted[l] = TrainLabel(x, rows, tuning, sources, l, prior);
            var p = fitted[l].Parameters;
            progress($"[{Interlocked.Increment(ref done)}/{ToxicityLabels.Count}] {p.Label}: lambda {p.Lambda:g2}{(p.FromToxic ? " toward toxic" : "")}, {p.TrainingRows} rows, {clock.Elapsed.TotalSeconds:0}s");
        }
        Parallel.ForEach(Independent, parallel, l => Run(l, null));
        Parallel.ForEach(FromToxic, parallel, l => Run(l, fitted[(int)ToxicityLabel.Toxic]));
        var weights = fitted.Select(f => f.Final.Take(x.Dimension).Select(w => (float)w).ToArray()).ToArray();
        var header = new ModelHeader(ModelFile.FormatVersion, ToxicityLabels.Names, options.Featurizer, fingerprint, DateTimeOffset.UtcNow,
            fitted.Select(f => f.Parameters).ToArray(), [], lexicon.ToTsv());
        return new ToxicityModel(header, idf, weights);
    }

    private Fitted TrainLabel(SparseRows x, LabeledRow[] rows, bool[] tuning, string[] sources, int label, Fitted? toxic)
    {
        var fit = Enumerable.Range(0, rows.Length).Where(i => rows[i].Labels[label] >= 0 && !tuning[i]).ToArray();
        var tune = Enumerable.Range(0, rows.Length).Where(i => rows[i].Labels[label] >= 0 && tuning[i]).ToArray();
        var all = Enumerable.Range(0, rows.Length).Where(i => rows[i].Labels[label] >= 0).ToArray();
        var name = ToxicityLabels.Names[label];
        var tuneTruth = tune.Select(i => rows[i].Labels[label] == 1).ToArray();
        var tuneSources = tune.Select(i => sources[i]).ToArray();
        var fitTruth = fit.Select(i => rows[i].Labels[label] == 1).ToArray();
        var prior = toxic?.Tuned;
        var start = prior;
        double[]? best = null;
        double bestAuc = -1, bestLambda = 0;
        double[] bestMargins = [];
        // Strongest regularization first, each fit warm-starting the next.
        foreach (var lambda in prior is null ? options.Lambdas : options.PriorLambdas)
        {
            var model = new LogisticRegression(x, fit, fitTruth, lambda, prior, SourceWeights(sources, fit), Groups(sources, fit, label), options.SourceInterceptLambda);
            var w = model.Fit(start, options.MaxIterations);
            start = w;
            var bias = LogisticRegression.Bias(w, x.Dimension);
            var margins = tune.Select(i => x.Dot(i, w) + bias).ToArray();
            var pooled = Metrics.RocAuc(margins.Select(m => (float)m).ToArray(), tuneTruth) ?? 0;
            var auc = MeanSourceAuc(margins, tuneTruth, tuneSources) ?? pooled;
            progress($"  {name}: lambda {lambda:g2}{(prior is null ? "" : " toward toxic")} tuning ROC-AUC mean per source {auc:0.0000}, pooled {pooled:0.0000} ({model.Iterations} iterations)");
            if (auc > bestAuc)
                (bestAuc, bestLambda, best, bestMargins) = (auc, lambda, w, margins);
        }
        var calibration = PlattCalibration.Fit(bestMargins, tuneTruth);
        var calibrated = bestMargins.Select(calibration.Apply).ToArray();
        var (_, _, f1Best) = Metrics.Precision(calibrated, tuneTruth);
        var threshold = Math.Min(f1Best, RuleFloor(label));
        var refit = new LogisticRegression(x, all, all.Select(i => rows[i].Labels[label] == 1).ToArray(), bestLambda, toxic?.Final, SourceWeights(sources, all), Groups(sources, all, label), options.SourceInterceptLambda);
        var final = refit.Fit(best, options.RefitIterations);
        var positives = all.Count(i => rows[i].Labels[label] == 1);
        var parameters = new LabelParameters(name, LogisticRegression.Bias(final, x.Dimension), calibration.A, calibration.B, threshold, bestLambda, toxic is not null, all.Length, positives);
        return new Fitted(parameters, best!, final);
    }

    // The threshold is tuned on the model's scores alone, but a rule hit raises a label to a floor
    // (ModelClassifier.Floors); a threshold above that floor would count no rule hit as positive.
    // With few positives the tuned threshold can land there (threat: 0.80 on 8 tuning rows).
    private static float RuleFloor(int label) =>
        Enum.GetValues<LexiconCategory>().SelectMany(ModelClassifier.Floors).Where(f => (int)f.Label == label).Select(f => f.Floor).DefaultIfEmpty(1).Min();

    // Each source carries the same total weight in the loss, so the largest (Wikipedia) does not
    // set the model's idea of abuse for forum posts and tweets. Synthetic rows keep weight 1.
    private static double[] SourceWeights(string[] sources, int[] members)
    {
        var of = members.Select(i => sources[i]).ToArray();
        var sizes = of.Where(s => s != "synthetic").GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        var share = sizes.Values.Sum() / (double)Math.Max(1, sizes.Count);
        return of.Select(s => sizes.TryGetValue(s, out var n) ? share / n : 1).ToArray();
    }

    // Sources differ in base rate (half of the civil sentences are toxic, a tenth of Wikipedia's),
    // so toxic and identity_hate, labelled by people in several sources, give each source an
    // intercept of its own while training, and scoring uses their mean. The words then learn what
    // abuse is rather than which source a comment came from: toxic ROC-AUC rose inside every
    // source (Stormfront 0.8664 to 0.8774). Rule-made labels mean the same in every source.
    // Synthetic rows are spread over the sources so that every intercept sees some of them.
    private static int[]? Groups(string[] sources, int[] members, int label) =>
        label is (int)ToxicityLabel.Toxic or (int)ToxicityLabel.IdentityHate ? SourceGroups(sources, members) : null;

    private static int[]? SourceGroups(string[] sources, int[] members)
    {
        var of = members.Select(i => sources[i]).ToArray();
        var names = of.Where(s => s != "synthetic").Distinct().Order(StringComparer.Ordinal).ToList();
        if (names.Count < 2)
            return null;
        // prepare writes the synthetic rows in one run, so their positions spread them evenly.
        return of.Select((s, k) => s == "synthetic" ? k % names.Count : names.IndexOf(s)).ToArray();
    }

    private static double? MeanSourceAuc(double[] margins, bool[] truth, string[] sources)
    {
        var aucs = new List<double>();
        foreach (var source in sources.Distinct())
        {
            var members = Enumerable.Range(0, margins.Length).Where(i => sources[i] == source).ToArray();
            if (Metrics.RocAuc(members.Select(i => (float)margins[i]).ToArray(), members.Select(i => truth[i]).ToArray()) is { } auc)
                aucs.Add(auc);
        }
        return aucs.Count > 1 ? aucs.Average() : null;
    }

    // A feature seen in one comment only is noise that costs memory and training time.
    private const int MinDocumentFrequency = 2;

    // Features of every row, TF-IDF weighted with idf fitted on these rows (smoothed as scikit-learn does).
    public static (SparseRows Rows, float[] Idf) Vectorize(Featurizer featurizer, IReadOnlyList<LabeledRow> rows)
    {
        var buckets = new int[rows.Count][];
        var counts = new int[rows.Count][];
        var blocks = new byte[rows.Count][];
        var scratch = new ThreadLocal<FeatureScratch>(() => new FeatureScratch());
        Parallel.For(0, rows.Count, i =>
        {
            var s = scratch.Value!;
            featurizer.Extract(rows[i].Text, s);
            buckets[i] = s.Buckets.AsSpan(0, s.Distinct).ToArray();
            counts[i] = s.Counts.AsSpan(0, s.Distinct).ToArray();
            blocks[i] = s.Blocks.AsSpan(0, s.Distinct).ToArray();
        });
        var df = new int[featurizer.Dimension];
        for (var i = 0; i < rows.Count; i++)
        {
            // A bucket can appear once per block; count the document once.
            foreach (var b in buckets[i].Distinct())
                df[b]++;
        }
        var idf = new float[df.Length];
        for (var b = 0; b < df.Length; b++)
            idf[b] = df[b] < MinDocumentFrequency ? 0 : (float)(Math.Log((1.0 + rows.Count) / (1.0 + df[b])) + 1);
        var nnz = buckets.Sum(row => row.Count(b => idf[b] > 0));
        var rowStart = new int[rows.Count + 1];
        var columns = new int[nnz];
        var values = new float[nnz];
        var k = 0;
        Span<double> norms = stackalloc double[2];
        for (var i = 0; i < rows.Count; i++)
        {
            rowStart[i] = k;
            norms.Clear();
            for (var j = 0; j < buckets[i].Length; j++)
            {
                var v = (1 + Math.Log(counts[i][j])) * idf[buckets[i][j]];
                norms[blocks[i][j]] += v * v;
            }
            for (var j = 0; j < buckets[i].Length; j++)
            {
                if (idf[buckets[i][j]] == 0)
                    continue;
                var v = (1 + Math.Log(counts[i][j])) * idf[buckets[i][j]];
                var norm = norms[blocks[i][j]];
                columns[k] = buckets[i][j];
                values[k] = norm > 0 ? (float)(v / Math.Sqrt(norm)) : 0;
                k++;
            }
        }
        rowStart[rows.Count] = k;
        return (new SparseRows(rowStart, columns, values, featurizer.Dimension), idf);
    }
}
