using System.Text.Json.Nodes;

namespace Moderation.Scoring;

public sealed record EvaluationResult(int Rows, double MeanRocAuc, Dictionary<string, LabelMetrics?> Labels, Dictionary<string, Dictionary<string, double?>>? BySource)
{
    public JsonObject ToJson()
    {
        var labels = new JsonObject();
        foreach (var (name, m) in Labels)
        {
            labels[name] = m is null ? null : new JsonObject
            {
                ["rocAuc"] = Math.Round(m.RocAuc, 5),
                ["prAuc"] = Math.Round(m.PrAuc, 5),
                ["f1"] = Math.Round(m.F1, 5),
                ["threshold"] = Math.Round(m.Threshold, 5),
            };
        }
        var json = new JsonObject { ["rows"] = Rows, ["meanRocAuc"] = Math.Round(MeanRocAuc, 5), ["labels"] = labels };
        if (BySource is not null)
        {
            var sources = new JsonObject();
            foreach (var (source, aucs) in BySource)
                sources[source] = new JsonObject(aucs.Select(a => KeyValuePair.Create(a.Key, a.Value is { } v ? (JsonNode?)Math.Round(v, 5) : null)));
            json["bySource"] = sources;
        }
        return json;
    }

    public IEnumerable<string> Table()
    {
        yield return $"{"label",-14} {"ROC-AUC",8} {"PR-AUC",8} {"F1",6} {"thresh",6}";
        foreach (var (name, m) in Labels)
            yield return m is null ? $"{name,-14} {"n/a",8}" : $"{name,-14} {m.RocAuc,8:0.0000} {m.PrAuc,8:0.0000} {m.F1,6:0.000} {m.Threshold,6:0.00}";
        yield return $"{"mean",-14} {MeanRocAuc,8:0.0000}";
        if (BySource is null)
            yield break;
        yield return "ROC-AUC by source:";
        yield return $"{"source",-12} " + string.Join(' ', ToxicityLabels.Names.Select(n => $"{n,13}"));
        foreach (var (source, aucs) in BySource)
            yield return $"{source,-12} " + string.Join(' ', ToxicityLabels.Names.Select(n => aucs.TryGetValue(n, out var v) && v is { } x ? $"{x,13:0.0000}" : $"{"-",13}"));
    }
}

// Scores rows on all cores and reports, per label over the rows where it is known, ROC-AUC,
// PR-AUC and F1 at the model's threshold; a label with one class present reports null.
public static class Evaluation
{
    public static EvaluationResult Run(ModelClassifier classifier, IReadOnlyList<LabeledRow> rows, bool bySource, bool withRules = true)
    {
        var scores = new float[rows.Count][];
        Parallel.For(0, rows.Count, i => scores[i] = classifier.Score(rows[i].Text, withRules).Scores);
        var thresholds = classifier.Header.Parameters.Select(p => p.Threshold).ToArray();
        var labels = new Dictionary<string, LabelMetrics?>();
        for (var l = 0; l < ToxicityLabels.Count; l++)
            labels[ToxicityLabels.Names[l]] = Measure(rows, scores, l, thresholds[l], _ => true);
        var known = labels.Values.Where(m => m is not null).Select(m => m!.RocAuc).ToList();
        Dictionary<string, Dictionary<string, double?>>? sources = null;
        if (bySource)
        {
            sources = [];
            foreach (var source in rows.Select(r => ValidationSplit.Source(r.Id)).Distinct().Order(StringComparer.Ordinal))
            {
                var aucs = new Dictionary<string, double?>();
                for (var l = 0; l < ToxicityLabels.Count; l++)
                {
                    if (Measure(rows, scores, l, thresholds[l], r => ValidationSplit.Source(r.Id) == source) is { } m)
                        aucs[ToxicityLabels.Names[l]] = m.RocAuc;
                }
                sources[source] = aucs;
            }
        }
        return new EvaluationResult(rows.Count, known.Count > 0 ? known.Average() : 0, labels, sources);
    }

    private static LabelMetrics? Measure(IReadOnlyList<LabeledRow> rows, float[][] scores, int label, double threshold, Func<LabeledRow, bool> include)
    {
        var s = new List<float>();
        var t = new List<bool>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Labels[label] < 0 || !include(rows[i]))
                continue;
            s.Add(scores[i][label]);
            t.Add(rows[i].Labels[label] == 1);
        }
        if (Metrics.RocAuc(s, t) is not { } auc)
            return null;
        var (prAuc, _, _) = Metrics.Precision(s, t);
        return new LabelMetrics(auc, prAuc, Metrics.F1At(s, t, threshold), threshold);
    }
}
