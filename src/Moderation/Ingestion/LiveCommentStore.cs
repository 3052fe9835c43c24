using Dapper;
using Moderation.Queue;
using Moderation.Scoring;
using Moderation.Storage;
using Npgsql;

namespace Moderation.Ingestion;

public sealed record LiveComment(string Site, string ExternalId, string ArticleUrl, string? ArticleTitle, string? Author, string Text);

public sealed record StoredComment(long Id, long ArticleId, bool Flagged, long? FlagId, bool Created);

/// Comments that live sites send one at a time. (site, external id) identifies a comment, so a retry after a
/// timeout finds the comment the first attempt stored instead of adding a second.
public sealed class LiveCommentStore(NpgsqlDataSource db, FlagPolicy policy)
{
    public async Task<StoredComment> StoreAsync(LiveComment comment, ToxicityPrediction prediction, string modelVersion, CancellationToken ct)
    {
        comment = new LiveComment(StoredText.Clean(comment.Site), StoredText.Clean(comment.ExternalId), StoredText.Clean(comment.ArticleUrl),
            StoredText.CleanOrNull(comment.ArticleTitle), StoredText.CleanOrNull(comment.Author), StoredText.Clean(comment.Text));
        try
        {
            return await InsertAsync(comment, prediction, modelVersion, ct);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // A concurrent retry under another article URL stored it first.
            await using var conn = await db.OpenConnectionAsync(ct);
            await using var tx = await conn.BeginTransactionAsync(ct);
            var existing = await FindAsync(conn, tx, comment, ct);
            if (existing is null)
                throw;
            return existing;
        }
    }

    async Task<StoredComment> InsertAsync(LiveComment comment, ToxicityPrediction prediction, string modelVersion, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var articleId = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO articles (site, url, title) VALUES (@Site, @ArticleUrl, @ArticleTitle)
            ON CONFLICT (site, md5(url)) WHERE site IS NOT NULL DO UPDATE SET title = COALESCE(EXCLUDED.title, articles.title)
            RETURNING id
            """, comment, tx, cancellationToken: ct));
        // The upsert above holds the article's row lock until commit, so comments on one article take positions one
        // at a time and a concurrent retry waits here until the first attempt is visible.
        var existing = await FindAsync(conn, tx, comment, ct);
        if (existing is not null)
            return existing;

        var scores = prediction.Scores;
        var flagged = policy.IsFlagged(scores);
        var priority = policy.Priority(scores);
        var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO comments (article_id, position, author, text, external_id, site, toxic, severe_toxic, obscene, threat, insult,
                                  identity_hate, explanation, model_version, priority, flagged)
            VALUES (@articleId, (SELECT COALESCE(max(position), 0) + 1 FROM comments WHERE article_id = @articleId), @Author, @Text,
                    @ExternalId, @Site, @toxic, @severeToxic, @obscene, @threat, @insult, @identityHate, @explanation::jsonb,
                    @modelVersion, @priority, @flagged)
            RETURNING id
            """,
            new
            {
                articleId, comment.Author, comment.Text, comment.ExternalId, comment.Site,
                toxic = scores[0], severeToxic = scores[1], obscene = scores[2], threat = scores[3], insult = scores[4], identityHate = scores[5],
                explanation = Explanations.ToJson(prediction), modelVersion, priority, flagged,
            }, tx, cancellationToken: ct));
        long? flagId = null;
        if (flagged)
        {
            flagId = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                WITH flag AS (INSERT INTO flags (comment_id, priority) VALUES (@id, @priority) RETURNING id)
                INSERT INTO flag_events (flag_id, actor, action, to_status) SELECT id, 'system', 'flag', 'pending' FROM flag
                RETURNING flag_id
                """, new { id, priority }, tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
        return new StoredComment(id, articleId, flagged, flagId, Created: true);
    }

    static Task<StoredComment?> FindAsync(NpgsqlConnection conn, NpgsqlTransaction tx, LiveComment comment, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<StoredComment>(new CommandDefinition(
            """
            SELECT c.id, c.article_id, c.flagged, f.id AS flag_id, false AS created
            FROM comments c LEFT JOIN flags f ON f.comment_id = c.id
            WHERE c.site = @Site AND c.external_id = @ExternalId
            """, comment, tx, cancellationToken: ct));
}
