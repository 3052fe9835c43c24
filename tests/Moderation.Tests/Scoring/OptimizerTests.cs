using Moderation.Scoring;

namespace Moderation.Tests.Scoring;

public class OptimizerTests
{
    // Two features; the label is 1 exactly when the first one is present.
    private static SparseRows SeparableRows(out bool[] labels)
    {
        var starts = new List<int> { 0 };
        var columns = new List<int>();
        var values = new List<float>();
        var y = new List<bool>();
        for (var i = 0; i < 40; i++)
        {
            var positive = i % 2 == 0;
            columns.Add(positive ? 0 : 1);
            values.Add(1);
            columns.Add(2);
            values.Add(0.5f + i % 5 * 0.1f);
            starts.Add(columns.Count);
            y.Add(positive);
        }
        labels = [.. y];
        return new SparseRows([.. starts], [.. columns], [.. values], 3);
    }

    [Fact]
    public void LogisticRegressionSeparatesSeparableData()
    {
        var x = SeparableRows(out var y);
        var rows = Enumerable.Range(0, x.Count).ToArray();
        var w = new LogisticRegression(x, rows, y, 1e-4).Fit(null, 200);
        for (var i = 0; i < x.Count; i++)
            Assert.Equal(y[i], x.Dot(i, w) + w[x.Dimension] > 0);
        Assert.True(w[0] > 2 && w[1] < -2);
    }

    [Fact]
    public void StrongerRegularizationGivesSmallerWeights()
    {
        var x = SeparableRows(out var y);
        var rows = Enumerable.Range(0, x.Count).ToArray();
        var loose = new LogisticRegression(x, rows, y, 1e-3).Fit(null, 200);
        var tight = new LogisticRegression(x, rows, y, 1e-1).Fit(null, 200);
        Assert.True(Math.Abs(tight[0]) < Math.Abs(loose[0]));
    }

    [Fact]
    public void OnlyTheGivenRowsAreLearnedFrom()
    {
        var x = SeparableRows(out var y);
        // Flip the labels of rows the model must ignore: the masked loss never sees them.
        var flipped = y.Select((v, i) => i < 20 ? v : !v).ToArray();
        var w = new LogisticRegression(x, [.. Enumerable.Range(0, 20)], flipped[..20], 1e-4).Fit(null, 200);
        Assert.True(w[0] > 0);
    }

    // Two sources with different base rates (20% and 80% positive). Feature 0 only says which
    // source a row came from; feature 1 is the real signal, present in 70% of positives and 30%
    // of negatives in both.
    private static SparseRows TwoSources(out bool[] labels, out int[] sources)
    {
        var starts = new List<int> { 0 };
        var columns = new List<int>();
        var values = new List<float>();
        var y = new List<bool>();
        var g = new List<int>();
        for (var i = 0; i < 400; i++)
        {
            var source = i % 2;
            var positive = i / 2 % 10 < (source == 0 ? 2 : 8);
            var signal = i / 20 % 10 < (positive ? 7 : 3);
            if (source == 1)
            {
                columns.Add(0);
                values.Add(1);
            }
            if (signal)
            {
                columns.Add(1);
                values.Add(1);
            }
            starts.Add(columns.Count);
            y.Add(positive);
            g.Add(source);
        }
        (labels, sources) = ([.. y], [.. g]);
        return new SparseRows([.. starts], [.. columns], [.. values], 2);
    }

    [Fact]
    public void AnInterceptPerSourceLeavesTheSourceMarkerUnweighted()
    {
        var x = TwoSources(out var y, out var sources);
        var rows = Enumerable.Range(0, x.Count).ToArray();
        var pooled = new LogisticRegression(x, rows, y, 1e-3).Fit(null, 200);
        var perSource = new LogisticRegression(x, rows, y, 1e-3, groups: sources).Fit(null, 200);
        Assert.True(pooled[0] > 1, $"pooled marker weight {pooled[0]}");
        Assert.True(Math.Abs(perSource[0]) < 0.1 * pooled[0], $"per-source marker weight {perSource[0]}");
        Assert.True(perSource[1] > 0.5, $"per-source signal weight {perSource[1]}");
    }

    [Fact]
    public void PenalizedSourceOffsetsCentreOnTheScoringBias()
    {
        var x = TwoSources(out var y, out var sources);
        var rows = Enumerable.Range(0, x.Count).ToArray();
        var free = new LogisticRegression(x, rows, y, 1e-3, groups: sources).Fit(null, 200);
        var penalized = new LogisticRegression(x, rows, y, 1e-3, groups: sources, groupLambda: 0.05).Fit(null, 200);
        var offsets = penalized[(x.Dimension + 1)..];
        Assert.Equal(0, offsets.Sum(), 2);
        Assert.Equal(penalized[x.Dimension], LogisticRegression.Bias(penalized, x.Dimension), 2);
        Assert.True(Math.Abs(offsets[1] - offsets[0]) < Math.Abs(free[x.Dimension + 2] - free[x.Dimension + 1]));
    }

    [Fact]
    public void AWarmStartWithOtherGroupsKeepsItsWeightsAndScoringBias()
    {
        var x = TwoSources(out var y, out var sources);
        var rows = Enumerable.Range(0, x.Count).ToArray();
        var grouped = new LogisticRegression(x, rows, y, 1e-3, groups: sources).Fit(null, 200);
        var model = new LogisticRegression(x, rows, y, 1e-3);
        // No iterations: what Fit returns is the start it made.
        var start = model.Fit(grouped, 0);
        Assert.Equal(x.Dimension + 1, start.Length);
        Assert.Equal(grouped[..x.Dimension], start[..x.Dimension]);
        Assert.Equal(LogisticRegression.Bias(grouped, x.Dimension), start[x.Dimension], 9);
    }
}
