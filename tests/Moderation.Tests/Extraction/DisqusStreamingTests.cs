using Moderation.Extraction;
using Xunit.Abstractions;

namespace Moderation.Tests.Extraction;

// Managed memory is process-wide, so this runs alone, after the parallel tests.
[CollectionDefinition(nameof(DisqusStreamingTests), DisableParallelization = true)]
[Collection(nameof(DisqusStreamingTests))]
public sealed class DisqusStreamingTests(ITestOutputHelper output) : IDisposable
{
    readonly string path = Path.Combine(Path.GetTempPath(), $"disqus-{Guid.NewGuid():N}.xml");

    [Fact]
    public void ALargeExportIsReadWithBoundedManagedMemory()
    {
        using (var file = File.Create(path))
        {
            DisqusExportGenerator.Write(file, threads: 700, postsPerThread: 50, seed: 7);
        }
        var size = new FileInfo(path).Length;
        var before = Settled();
        long peak = 0, articles = 0, comments = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();

        using (var file = File.OpenRead(path))
        {
            foreach (var item in new DisqusExportFormat().Read(file))
            {
                articles += item is ExtractedArticle ? 1 : 0;
                comments += item is ExtractedComment ? 1 : 0;
                if (comments % 5_000 == 1 && item is ExtractedComment)
                {
                    peak = Math.Max(peak, Settled() - before);
                }
            }
        }

        output.WriteLine($"{size / 1e6:F1} MB, {comments} comments in {clock.Elapsed.TotalSeconds:F1} s " +
            $"({comments / clock.Elapsed.TotalSeconds:F0}/s), peak managed growth {peak / 1e6:F2} MB");
        Assert.Equal(700, articles);
        Assert.Equal(35_000, comments);
        Assert.True(size > 15_000_000, $"export is only {size} bytes");
        Assert.True(peak < size / 10, $"managed memory grew by {peak} bytes reading a {size}-byte export");
    }

    static long Settled()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    public void Dispose() => File.Delete(path);
}
