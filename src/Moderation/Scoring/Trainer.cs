using System.Diagnostics;

namespace Moderation.Scoring;

public sealed record TrainingOptions(FeaturizerSettings Featurizer, double[] Lambdas, int MaxIterations, int RefitIterations)
{
    public static TrainingOptions Default { get; } = new(new FeaturizerSettings(), [1e-4, 3e-5, 1e-5], 60, 30);
}

// Fits one logistic model per label on the rows where that label is known. Validation rows are
// never seen; tuning rows choose regularization, calibration and thresholds, after which each
// label is refitted on all training rows. No randomness anywhere, so a run is reproducible;
// labels train in parallel, one per core.
public sealed class Trainer(Lexicon lexicon, TrainingOptions options, Action<string> progress)
{
    public ToxicityModel Train(IReadOnlyList<LabeledRow> allRows, string fingerprint)
    {
        var clock = Stopwatch.StartNew();
        var rows = allRows.Where(r => !ValidationSplit.IsValidation(r.Id)).ToArray();
        var tuning = rows.Select(r => ValidationSplit.IsTuning(r.Id)).ToArray();
        var featurizer = new Featurizer(options.Featurizer, lexicon);
        progress($"featurizing {rows.Length} training rows");
        var (x, idf) = Vectorize(featurizer, rows);
        progress($"{x.Values.Length} features in {clock.Elapsed.TotalSeconds:0.0}s");

        var parameters = new LabelParameters[ToxicityLabels.Count];
        var weights = new float[ToxicityLabels.Count][];
        var done = 0;
        Parallel.For(0, ToxicityLabels.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, l =>
        {
            (parameters[l], weights[l]) = TrainLabel(x, rows, tuning, l);
            progress($"[{Interlocked.Increment(ref done)}/{ToxicityLabels.Count}] {ToxicityLabels.Names[l]}: lambda {parameters[l].Lambda:g2}, {parameters[l].TrainingRows} rows, {clock.Elapsed.TotalSeconds:0}s");
        });
        var header = new ModelHeader(ModelFile.FormatVersion, ToxicityLabels.Names, options.Featurizer, fingerprint, DateTimeOffset.UtcNow,
            parameters, [], lexicon.ToTsv());
        return new ToxicityModel(header, idf, weights);
    }

    private (LabelParameters, float[]) TrainLabel(SparseRows x, LabeledRow[] rows, bool[] tuning, int label)
    {
        var fit = Enumerable.Range(0, rows.Length).Where(i => rows[i].Labels[label] >= 0 && !tuning[i]).ToArray();
        var tune = Enumerable.Range(0, rows.Length).Where(i => rows[i].Labels[label] >= 0 && tuning[i]).ToArray();
        var all = Enumerable.Range(0, rows.Length).Where(i => rows[i].Labels[label] >= 0).ToArray();
        var name = ToxicityLabels.Names[label];
        var tuneTruth = tune.Select(i => rows[i].Labels[label] == 1).ToArray();
        double[]? best = null, start = null;
        double bestAuc = -1, bestLambda = options.Lambdas[0];
        double[] bestMargins = [];
        // Strongest regularization first, each fit warm-starting the next.
        foreach (var lambda in options.Lambdas)
        {
            var model = new LogisticRegression(x, fit, fit.Select(i => rows[i].Labels[label] == 1).ToArray(), lambda);
            var w = model.Fit(start, options.MaxIterations);
            start = w;
            var margins = tune.Select(i => x.Dot(i, w) + w[x.Dimension]).ToArray();
            var auc = Metrics.RocAuc(margins.Select(m => (float)m).ToArray(), tuneTruth) ?? 0;
            progress($"  {name}: lambda {lambda:g2} tuning AUC {auc:0.0000} ({model.Iterations} iterations)");
            if (auc > bestAuc)
                (bestAuc, bestLambda, best, bestMargins) = (auc, lambda, w, margins);
        }
        var calibration = PlattCalibration.Fit(bestMargins, tuneTruth);
        var calibrated = bestMargins.Select(calibration.Apply).ToArray();
        var (_, _, threshold) = Metrics.Precision(calibrated, tuneTruth);
        var refit = new LogisticRegression(x, all, all.Select(i => rows[i].Labels[label] == 1).ToArray(), bestLambda);
        var final = refit.Fit(best, options.RefitIterations);
        var weights = new float[x.Dimension];
        for (var i = 0; i < weights.Length; i++)
            weights[i] = (float)final[i];
        var positives = all.Count(i => rows[i].Labels[label] == 1);
        return (new LabelParameters(name, final[x.Dimension], calibration.A, calibration.B, threshold, bestLambda, all.Length, positives), weights);
    }

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
        var nnz = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            nnz += buckets[i].Length;
            // A bucket can appear once per block; count the document once.
            foreach (var b in buckets[i].Distinct())
                df[b]++;
        }
        var idf = new float[df.Length];
        for (var b = 0; b < df.Length; b++)
            idf[b] = df[b] == 0 ? 0 : (float)(Math.Log((1.0 + rows.Count) / (1.0 + df[b])) + 1);
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
