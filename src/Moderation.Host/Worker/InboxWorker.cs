using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Moderation.Ingestion;

namespace Moderation.Host.Worker;

public sealed class InboxOptions
{
    public const string Section = "Moderation:Inbox";

    /// The folder to watch, relative to the working directory.
    [Required]
    public string Path { get; set; } = "seeds";

    public bool Enabled { get; set; } = true;

    /// How often the folder is scanned again even when no change was seen: catches what file events miss and what
    /// another process gave up on when it died.
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// Ingests every document in the inbox at start, then each one that appears or changes while running.
/// Files whose names start with '.' or end in .tmp or .part are still being written: drop a finished file in by
/// renaming it into place.
public sealed partial class InboxWorker(DocumentIngester ingester, IOptions<InboxOptions> options, ILogger<InboxWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
            return;
        var inbox = System.IO.Path.GetFullPath(options.Value.Path);
        Directory.CreateDirectory(inbox);
        LogWatching(inbox);

        using var changed = new SemaphoreSlim(0);
        using var watcher = new FileSystemWatcher(inbox);
        FileSystemEventHandler wake = (_, _) => changed.Release();
        watcher.Created += wake;
        watcher.Changed += wake;
        watcher.Renamed += (_, _) => changed.Release();
        watcher.EnableRaisingEvents = true;

        while (!stoppingToken.IsCancellationRequested)
        {
            await ScanAsync(inbox, stoppingToken);
            try
            {
                await changed.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            while (changed.CurrentCount > 0)
                await changed.WaitAsync(stoppingToken); // one scan answers a burst of events
        }
    }

    async Task ScanAsync(string inbox, CancellationToken ct)
    {
        var files = Directory.EnumerateFiles(inbox).Where(IsComplete).Order(StringComparer.Ordinal).ToList();
        foreach (var (file, index) in files.Select((f, i) => (f, i)))
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                var result = await ingester.IngestFileAsync(file, ct);
                if (result.Outcome != IngestOutcome.AlreadyKnown)
                    LogProgress(index + 1, files.Count, System.IO.Path.GetFileName(file), result.Outcome);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The transaction rolled back; the next scan tries again.
                LogRetry(ex, System.IO.Path.GetFileName(file));
            }
        }
    }

    static bool IsComplete(string path)
    {
        var name = System.IO.Path.GetFileName(path);
        return !name.StartsWith('.') && !name.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase) && !name.EndsWith(".part", StringComparison.OrdinalIgnoreCase);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Watching inbox {Inbox}")]
    partial void LogWatching(string inbox);

    [LoggerMessage(Level = LogLevel.Information, Message = "Inbox {Done}/{Total}: {Source} {Outcome}")]
    partial void LogProgress(int done, int total, string source, IngestOutcome outcome);

    [LoggerMessage(Level = LogLevel.Error, Message = "Ingesting {Source} failed; it will be retried")]
    partial void LogRetry(Exception exception, string source);
}
