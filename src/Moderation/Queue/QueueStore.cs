using Dapper;
using Npgsql;

namespace Moderation.Queue;

public sealed record QueueItem(
    long FlagId, long CommentId, long ArticleId, string? ArticleTitle, string Text,
    float Toxic, float SevereToxic, float Obscene, float Threat, float Insult, float IdentityHate,
    float Priority, string Status, DateTime CreatedAt)
{
    public float[] Scores => [Toxic, SevereToxic, Obscene, Threat, Insult, IdentityHate];
}

/// Where a page of the queue ends: the next page starts after this flag in (priority desc, id asc) order.
public readonly record struct QueueCursor(float Priority, long FlagId);

public sealed class QueueStore(NpgsqlDataSource db)
{
    public async Task<IReadOnlyList<QueueItem>> PendingAsync(QueueCursor? after, int limit, CancellationToken ct)
    {
        const string sql =
            """
            SELECT f.id AS flag_id, c.id AS comment_id, a.id AS article_id, a.title AS article_title, c.text,
                   c.toxic, c.severe_toxic, c.obscene, c.threat, c.insult, c.identity_hate,
                   f.priority, f.status, f.created_at
            FROM flags f
            JOIN comments c ON c.id = f.comment_id
            JOIN articles a ON a.id = c.article_id
            WHERE f.status = 'pending'
              AND (@afterId IS NULL OR f.priority < @afterPriority OR (f.priority = @afterPriority AND f.id > @afterId))
            ORDER BY f.priority DESC, f.id
            LIMIT @limit
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        return [.. await conn.QueryAsync<QueueItem>(new CommandDefinition(sql,
            new { afterPriority = after?.Priority ?? 0f, afterId = after?.FlagId, limit }, cancellationToken: ct))];
    }
}
