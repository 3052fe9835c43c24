namespace Moderation.Scoring;

/// Comments scored by this process, through any path, for the metrics endpoint.
public static class ScoreCounter
{
    static long total;

    public static long Total => Interlocked.Read(ref total);

    public static void Add(int comments) => Interlocked.Add(ref total, comments);
}
