using Moderation.Queue;

namespace Moderation.Host.Worker;

/// Returns flags whose lease ran out to the queue, so listings and metrics never show a lease nobody holds.
public sealed partial class LeaseRescuer(ReviewStore reviews, ILogger<LeaseRescuer> logger) : BackgroundService
{
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                if (await reviews.ReleaseExpiredAsync(stoppingToken) is var released and > 0)
                    LogReleased(released);
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
            {
                LogFailed(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Returned {Count} flags with expired leases to the queue")]
    partial void LogReleased(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Returning expired leases failed; trying again shortly")]
    partial void LogFailed(Exception exception);
}
