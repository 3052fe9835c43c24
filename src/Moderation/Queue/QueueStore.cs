using Dapper;
using Npgsql;

namespace Moderation.Queue;

public sealed record QueueItem(
    long FlagId, long CommentId, long ArticleId, string? ArticleTitle, string? Author, string Text,
    float Toxic, float SevereToxic, float Obscene, float Threat, float Insult, float IdentityHate,
    string Explanation, float Priority, string Status, DateTime CreatedAt, string? ClaimedBy, DateTime? LeaseUntil,
    int AuthorFlagged, int AuthorRemoved)
{
    public float[] Scores => [Toxic, SevereToxic, Obscene, Threat, Insult, IdentityHate];
}

/// Where a page of the queue ends: the next page starts after this flag in (priority desc, id asc) order.
public readonly record struct QueueCursor(float Priority, long FlagId);

/// Which flags to list. Label keeps flags whose comment scored at least MinScore on that label.
public sealed record QueueFilter(string Status, string? Label = null, float MinScore = 0.5f, long? ArticleId = null);

public sealed class QueueStore(NpgsqlDataSource db)
{
    // The author's history counts their other comments, so a moderator sees a repeat offender at a glance.
    const string SelectItems =
        """
        SELECT f.id AS flag_id, c.id AS comment_id, a.id AS article_id, a.title AS article_title, c.author, c.text,
               c.toxic, c.severe_toxic, c.obscene, c.threat, c.insult, c.identity_hate, c.explanation::text,
               f.priority, f.status, f.created_at, k.name AS claimed_by, f.lease_until,
               COALESCE(h.flagged, 0) AS author_flagged, COALESCE(h.removed, 0) AS author_removed
        FROM flags f
        JOIN comments c ON c.id = f.comment_id
        JOIN articles a ON a.id = c.article_id
        LEFT JOIN api_keys k ON k.id = f.claimed_by
        LEFT JOIN LATERAL (
            SELECT count(*)::int AS flagged, count(*) FILTER (WHERE of.status = 'removed')::int AS removed
            FROM comments oc JOIN flags of ON of.comment_id = oc.id
            WHERE c.author IS NOT NULL AND md5(oc.author) = md5(c.author) AND oc.author = c.author
              AND oc.site IS NOT DISTINCT FROM c.site AND oc.id <> c.id
        ) h ON true
        """;

    public async Task<IReadOnlyList<QueueItem>> ListAsync(QueueFilter filter, QueueCursor? after, int limit, CancellationToken ct)
    {
        const string sql = SelectItems +
            """

            WHERE f.status = @Status
              AND (@ArticleId::bigint IS NULL OR a.id = @ArticleId)
              AND (@Label::text IS NULL OR CASE @Label
                    WHEN 'toxic' THEN c.toxic WHEN 'severe_toxic' THEN c.severe_toxic WHEN 'obscene' THEN c.obscene
                    WHEN 'threat' THEN c.threat WHEN 'insult' THEN c.insult WHEN 'identity_hate' THEN c.identity_hate END >= @MinScore)
              AND (@afterId::bigint IS NULL OR f.priority < @afterPriority OR (f.priority = @afterPriority AND f.id > @afterId))
            ORDER BY f.priority DESC, f.id
            LIMIT @limit
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        return [.. await conn.QueryAsync<QueueItem>(new CommandDefinition(sql,
            new { filter.Status, filter.Label, filter.MinScore, filter.ArticleId, afterPriority = after?.Priority ?? 0f, afterId = after?.FlagId, limit },
            cancellationToken: ct))];
    }

    public async Task<IReadOnlyList<QueueItem>> ByIdsAsync(long[] ids, CancellationToken ct)
    {
        const string sql = SelectItems + "\nWHERE f.id = ANY(@ids) ORDER BY f.priority DESC, f.id";
        await using var conn = await db.OpenConnectionAsync(ct);
        return [.. await conn.QueryAsync<QueueItem>(new CommandDefinition(sql, new { ids }, cancellationToken: ct))];
    }

    public async Task<IReadOnlyList<(string Status, long Count)>> DepthAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return [.. await conn.QueryAsync<(string, long)>(new CommandDefinition("SELECT status, count(*) FROM flags GROUP BY status ORDER BY status", cancellationToken: ct))];
    }
}
