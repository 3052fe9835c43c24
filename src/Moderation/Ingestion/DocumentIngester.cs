using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Logging;
using Moderation.Extraction;
using Moderation.Queue;
using Moderation.Scoring;
using Moderation.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Moderation.Ingestion;

public enum IngestOutcome
{
    Ingested,
    Failed,
    AlreadyKnown,

    /// Another process is ingesting this document right now.
    Busy,
}

public sealed record IngestResult(IngestOutcome Outcome, long? DocumentId = null, int Comments = 0, int Flags = 0, string? Error = null);

/// Stores one document, with its articles, scored comments and flags, in a single transaction: a crash at any
/// point leaves the document either wholly stored or not at all. Workers that share a database agree on who
/// ingests a document through the unique content hash: the second insert waits for the first transaction and
/// then finds the row, or, if the first process died, takes over.
public sealed partial class DocumentIngester(
    NpgsqlDataSource db,
    IToxicityClassifier classifier,
    FlagPolicy policy,
    DocumentFormats formats,
    ILogger<DocumentIngester> logger)
{
    const int BatchSize = 512;

    public async Task<IngestResult> IngestFileAsync(string path, CancellationToken ct)
    {
        var source = Path.GetFileName(path);
        var hash = await HashFileAsync(path, ct);
        if (await IsKnownAsync(hash, ct))
            return new IngestResult(IngestOutcome.AlreadyKnown);

        await using var conn = await db.OpenConnectionAsync(ct);
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            // Rather than queue behind another host's transaction on the same document, move on to the next one;
            // if that host dies, its lock goes with it and a later scan picks the document up.
            if (!await conn.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT pg_try_advisory_xact_lock(@key)", new { key = BitConverter.ToInt64(hash) }, tx, cancellationToken: ct)))
                return new IngestResult(IngestOutcome.Busy);
            var documentId = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(InsertDocument, new { source, hash, status = "ingested" }, tx, cancellationToken: ct));
            if (documentId is null)
                return new IngestResult(IngestOutcome.AlreadyKnown);

            var store = new DocumentWriter(conn, tx, documentId.Value, classifier, policy);
            string? format, error;
            try
            {
                byte[] parsedHash;
                (format, error, parsedHash) = await ExtractAsync(path, store, ct);
                if (!parsedHash.AsSpan().SequenceEqual(hash))
                    throw new IOException($"{source} changed while it was being read; it will be read again.");
                if (error is null)
                {
                    var flags = await store.CompleteAsync(format!, ct);
                    await tx.CommitAsync(ct);
                    LogIngested(source, documentId.Value, store.CommentCount, flags);
                    return new IngestResult(IngestOutcome.Ingested, documentId, store.CommentCount, flags);
                }
            }
            catch (PostgresException ex) when (ex.SqlState.StartsWith("22", StringComparison.Ordinal) || ex.SqlState.StartsWith("54", StringComparison.Ordinal))
            {
                // Data exceptions and program limits come from what the document holds, not from the database's
                // health: retrying would fail the same way forever.
                format = null;
                error = "The document holds something the database cannot store: " + ex.MessageText;
            }
            await tx.RollbackAsync(ct);
            return await RecordFailureAsync(conn, source, hash, format, error, ct);
        }
    }

    /// Runs the document's format over the file and hands every item to the writer. Anything the format throws is
    /// the document's fault and comes back as an error; what the database or scoring throws propagates, so the
    /// transaction rolls back and a later pass tries again. Also returns the hash of the bytes actually read.
    async Task<(string? Format, string? Error, byte[] Hash)> ExtractAsync(string path, DocumentWriter store, CancellationToken ct)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: false);
        var head = new byte[DocumentFormats.HeadLength];
        var headLength = await file.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        file.Position = 0;
        var content = new HashingReadStream(file);

        IDocumentFormat format;
        try
        {
            format = formats.Detect(Path.GetFileName(path), head.AsSpan(0, headLength));
        }
        catch (ExtractionException ex)
        {
            return (null, ex.Message, content.Finish());
        }

        using (var items = format.Read(content).GetEnumerator())
        {
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                ExtractedItem item;
                try
                {
                    if (!items.MoveNext())
                        break;
                    item = items.Current;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    return (format.Name, ex is ExtractionException ? ex.Message : $"{format.Name}: {ex.Message}", content.Finish());
                }
                await store.AddAsync(item, ct);
            }
        }
        return (format.Name, null, content.Finish());
    }

    async Task<IngestResult> RecordFailureAsync(NpgsqlConnection conn, string source, byte[] hash, string? format, string error, CancellationToken ct)
    {
        await using var tx = await conn.BeginTransactionAsync(ct);
        var documentId = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(InsertDocument, new { source, hash, status = "failed" }, tx, cancellationToken: ct));
        if (documentId is null)
            return new IngestResult(IngestOutcome.AlreadyKnown);
        await conn.ExecuteAsync(new CommandDefinition(
            """
            UPDATE documents SET format = @format, error = @error WHERE id = @documentId;
            INSERT INTO articles (document_id) VALUES (@documentId);
            """, new { documentId, format, error = StoredText.Clean(error) }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        LogFailed(source, documentId.Value, error);
        return new IngestResult(IngestOutcome.Failed, documentId, Error: error);
    }

    async Task<bool> IsKnownAsync(byte[] hash, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM documents WHERE content_hash = @hash)", new { hash }, cancellationToken: ct));
    }

    static async Task<byte[]> HashFileAsync(string path, CancellationToken ct)
    {
        await using var file = File.OpenRead(path);
        return await SHA256.HashDataAsync(file, ct);
    }

    const string InsertDocument =
        """
        INSERT INTO documents (source, content_hash, status, version)
        VALUES (@source, @hash, @status, (SELECT count(*) + 1 FROM documents WHERE source = @source))
        ON CONFLICT (content_hash) DO NOTHING
        RETURNING id
        """;

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingested {Source} as document {DocumentId}: {Comments} comments, {Flags} flagged")]
    partial void LogIngested(string source, long documentId, int comments, int flags);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Document {Source} ({DocumentId}) failed: {Error}")]
    partial void LogFailed(string source, long documentId, string error);

    /// Writes a document's items inside its transaction, scoring comments in batches across all cores and copying
    /// them in with binary COPY, so a large export streams through in bounded memory.
    sealed class DocumentWriter(NpgsqlConnection conn, NpgsqlTransaction tx, long documentId, IToxicityClassifier classifier, FlagPolicy policy)
    {
        readonly Dictionary<string, (long Id, int NextPosition)> articles = new(StringComparer.Ordinal);
        readonly List<(long ArticleId, int Position, ExtractedComment Comment)> pending = new(BatchSize);
        readonly List<string> warnings = [];

        public int CommentCount { get; private set; }

        public async Task AddAsync(ExtractedItem item, CancellationToken ct)
        {
            switch (item)
            {
                case ExtractedArticle article:
                    await FlushAsync(ct); // COPY cannot run beside the INSERT
                    var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
                        """
                        INSERT INTO articles (document_id, title, byline, body, url, published_at)
                        VALUES (@documentId, @Title, @Byline, @Body, @Url, @PublishedAt)
                        RETURNING id
                        """, new
                        {
                            documentId, Title = StoredText.CleanOrNull(article.Title), Byline = StoredText.CleanOrNull(article.Byline),
                            Body = StoredText.Clean(article.Body), Url = StoredText.CleanOrNull(article.Url), article.PublishedAt,
                        }, tx, cancellationToken: ct));
                    articles[article.Key] = (id, 1);
                    break;
                case ExtractedComment comment:
                    if (!articles.TryGetValue(comment.ArticleKey, out var target))
                        throw new ExtractionException($"A comment names article '{comment.ArticleKey}', which the document does not contain.");
                    articles[comment.ArticleKey] = (target.Id, target.NextPosition + 1);
                    pending.Add((target.Id, target.NextPosition, comment with
                    {
                        Author = StoredText.CleanOrNull(comment.Author), Text = StoredText.Clean(comment.Text),
                        ExternalId = StoredText.CleanOrNull(comment.ExternalId), ParentId = StoredText.CleanOrNull(comment.ParentId),
                    }));
                    if (pending.Count >= BatchSize)
                        await FlushAsync(ct);
                    break;
                case ExtractionWarning warning:
                    warnings.Add(StoredText.Clean(warning.Message));
                    break;
            }
        }

        /// Queues the flagged comments and records how the document was read; returns the number of flags.
        public async Task<int> CompleteAsync(string format, CancellationToken ct)
        {
            await FlushAsync(ct);
            await conn.ExecuteAsync(new CommandDefinition(
                "UPDATE documents SET format = @format, warnings = @warnings WHERE id = @documentId",
                new { documentId, format, warnings = warnings.ToArray() }, tx, cancellationToken: ct));
            return await conn.ExecuteAsync(new CommandDefinition(
                """
                WITH flagged AS (
                    INSERT INTO flags (comment_id, priority)
                    SELECT c.id, c.priority FROM comments c JOIN articles a ON a.id = c.article_id
                    WHERE a.document_id = @documentId AND c.flagged
                    ORDER BY c.id
                    RETURNING id
                )
                INSERT INTO flag_events (flag_id, actor, action, to_status)
                SELECT id, 'system', 'flag', 'pending' FROM flagged
                """, new { documentId }, tx, cancellationToken: ct));
        }

        async Task FlushAsync(CancellationToken ct)
        {
            if (pending.Count == 0)
                return;
            var predictions = new ToxicityPrediction[pending.Count];
            Parallel.For(0, pending.Count, new ParallelOptions { CancellationToken = ct }, i => predictions[i] = classifier.Score(pending[i].Comment.Text));

            await using (var copy = await conn.BeginBinaryImportAsync(CopyComments, ct))
            {
                for (var i = 0; i < pending.Count; i++)
                {
                    var (articleId, position, c) = pending[i];
                    var scores = predictions[i].Scores;
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(articleId, NpgsqlDbType.Bigint, ct);
                    await copy.WriteAsync(position, NpgsqlDbType.Integer, ct);
                    await WriteNullableAsync(copy, c.Author, NpgsqlDbType.Text, ct);
                    await copy.WriteAsync(c.Text, NpgsqlDbType.Text, ct);
                    await WriteNullableAsync(copy, c.ExternalId, NpgsqlDbType.Text, ct);
                    await WriteNullableAsync(copy, c.ParentId, NpgsqlDbType.Text, ct);
                    if (c.CreatedAt is { } createdAt)
                        await copy.WriteAsync(createdAt.UtcDateTime, NpgsqlDbType.TimestampTz, ct);
                    else
                        await copy.WriteNullAsync(ct);
                    await copy.WriteAsync(c.Spam, NpgsqlDbType.Boolean, ct);
                    await copy.WriteAsync(c.Deleted, NpgsqlDbType.Boolean, ct);
                    foreach (var score in scores)
                        await copy.WriteAsync(score, NpgsqlDbType.Real, ct);
                    await copy.WriteAsync(Explanations.ToJson(predictions[i]), NpgsqlDbType.Jsonb, ct);
                    await copy.WriteAsync(classifier.ModelVersion, NpgsqlDbType.Text, ct);
                    await copy.WriteAsync(policy.Priority(scores), NpgsqlDbType.Real, ct);
                    await copy.WriteAsync(policy.IsFlagged(scores) && !c.Spam && !c.Deleted, NpgsqlDbType.Boolean, ct);
                }
                await copy.CompleteAsync(ct);
            }
            CommentCount += pending.Count;
            ScoreCounter.Add(pending.Count);
            pending.Clear();
        }

        static Task WriteNullableAsync(NpgsqlBinaryImporter copy, string? value, NpgsqlDbType type, CancellationToken ct) =>
            value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value, type, ct);

        const string CopyComments =
            """
            COPY comments (article_id, position, author, text, external_id, parent_id, created_at, spam, deleted,
                           toxic, severe_toxic, obscene, threat, insult, identity_hate, explanation, model_version, priority, flagged)
            FROM STDIN (FORMAT BINARY)
            """;
    }
}
