namespace Moderation.Scoring;

public sealed record LabelMetrics(double RocAuc, double PrAuc, double F1, double Threshold);

public static class Metrics
{
    // Null when only one class is present.
    public static double? RocAuc(IReadOnlyList<float> scores, IReadOnlyList<bool> truth)
    {
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        long positives = truth.Count(t => t);
        long negatives = truth.Count - positives;
        if (positives == 0 || negatives == 0)
            return null;
        // Mann-Whitney U with average ranks for ties.
        double rankSum = 0;
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j < order.Length && scores[order[j]] == scores[order[i]])
                j++;
            var rank = (i + j + 1) / 2.0;
            for (var k = i; k < j; k++)
            {
                if (truth[order[k]])
                    rankSum += rank;
            }
            i = j;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / (positives * (double)negatives);
    }

    // Average precision, and the best F1 over thresholds.
    public static (double PrAuc, double BestF1, double BestThreshold) Precision(IReadOnlyList<float> scores, IReadOnlyList<bool> truth)
    {
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        var positives = truth.Count(t => t);
        double tp = 0, fp = 0, ap = 0, bestF1 = 0, bestThreshold = 0.5;
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j < order.Length && scores[order[j]] == scores[order[i]])
            {
                if (truth[order[j]])
                    tp++;
                else
                    fp++;
                j++;
            }
            var precision = tp / (tp + fp);
            var recall = positives == 0 ? 0 : tp / positives;
            var newly = 0;
            for (var k = i; k < j; k++)
                newly += truth[order[k]] ? 1 : 0;
            if (positives > 0)
                ap += precision * newly / positives;
            var f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
            if (f1 > bestF1)
            {
                bestF1 = f1;
                bestThreshold = scores[order[i]];
            }
            i = j;
        }
        return (ap, bestF1, bestThreshold);
    }

    public static double F1At(IReadOnlyList<float> scores, IReadOnlyList<bool> truth, double threshold)
    {
        double tp = 0, fp = 0, fn = 0;
        for (var i = 0; i < scores.Count; i++)
        {
            var predicted = scores[i] >= threshold;
            if (predicted && truth[i])
                tp++;
            else if (predicted)
                fp++;
            else if (truth[i])
                fn++;
        }
        return tp == 0 ? 0 : 2 * tp / (2 * tp + fp + fn);
    }
}
