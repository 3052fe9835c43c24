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
    // Files already settled (stored, failed or known), by size and time of last write: a rescan skips them without
    // reading and hashing them again.
    readonly Dictionary<string, (long Size, DateTime Written)> settled = new(StringComparer.Ordinal);

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
        var files = new DirectoryInfo(inbox).EnumerateFiles().Where(f => IsComplete(f.Name) && !IsSettled(f)).OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        for (var i = 0; i < files.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var file = files[i];
            try
            {
                var result = await ingester.IngestFileAsync(file.FullName, ct);
                if (result.Outcome != IngestOutcome.Busy)
                    settled[file.FullName] = (file.Length, file.LastWriteTimeUtc);
                if (result.Outcome is IngestOutcome.Ingested or IngestOutcome.Failed)
                    LogProgress(i + 1, files.Count, file.Name, result.Outcome);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The transaction rolled back; the next scan tries again.
                LogRetry(ex, file.Name);
            }
        }
    }

    bool IsSettled(FileInfo file) =>
        settled.TryGetValue(file.FullName, out var seen) && seen.Size == file.Length && seen.Written == file.LastWriteTimeUtc;

    static bool IsComplete(string name)
    {
        return !name.StartsWith('.') && !name.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase) && !name.EndsWith(".part", StringComparison.OrdinalIgnoreCase);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Watching inbox {Inbox}")]
    partial void LogWatching(string inbox);

    [LoggerMessage(Level = LogLevel.Information, Message = "Inbox {Done}/{Total}: {Source} {Outcome}")]
    partial void LogProgress(int done, int total, string source, IngestOutcome outcome);

    [LoggerMessage(Level = LogLevel.Error, Message = "Ingesting {Source} failed; it will be retried")]
    partial void LogRetry(Exception exception, string source);
}
