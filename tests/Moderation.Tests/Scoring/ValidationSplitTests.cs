using Moderation.Scoring;

namespace Moderation.Tests.Scoring;

public class ValidationSplitTests
{
    [Fact]
    public void SplitMatchesTheBaselineScriptDefinition()
    {
        // Expected values computed with Python's hashlib, as sklearn_baseline.py computes them.
        var validation = Enumerable.Range(0, 1000).Where(i => ValidationSplit.IsValidation($"src:{i}")).ToList();
        Assert.Equal(110, validation.Count);
        Assert.Equal([3, 17, 24, 29, 63], validation.Take(5));
        Assert.Equal("olid", ValidationSplit.Source("olid:86426"));
    }

    [Fact]
    public void CsvRoundTripKeepsQuotesNewlinesAndUnknownLabels()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rows-{Guid.NewGuid():N}.csv.gz");
        try
        {
            LabeledRow[] rows = [new("a:1", "line one\n\"quoted\", comma", [1, -1, 0, -1, -1, 0])];
            LabeledCsv.Write(path, rows);
            var read = LabeledCsv.Read(path).Single();
            Assert.Equal(rows[0].Text, read.Text);
            Assert.Equal(rows[0].Labels, read.Labels);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AMalformedRowNamesItsLineInsteadOfBeingSkipped()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rows-{Guid.NewGuid():N}.csv");
        try
        {
            File.WriteAllText(path, "id,comment_text,toxic\na:1,\"two\nlines\",1\na:2,no label column\n");
            var error = Assert.Throws<FormatException>(() => LabeledCsv.Read(path).ToList());
            Assert.Contains("Line 4", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
