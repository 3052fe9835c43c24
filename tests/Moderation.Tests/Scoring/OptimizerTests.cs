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
}
