using Dapper;
using Npgsql;

namespace Moderation.Storage;

public sealed record ArticleSummary(long Id, string Source, string? Title, int CommentCount, int FlaggedCount, string Status, string? Error);

public sealed record CommentRow(
    long Id, int Position, string? Author, string Text, string? ExternalId, string? ParentId, DateTime? CreatedAt,
    float Toxic, float SevereToxic, float Obscene, float Threat, float Insult, float IdentityHate,
    string Explanation, bool Flagged, string ModelVersion)
{
    public float[] Scores => [Toxic, SevereToxic, Obscene, Threat, Insult, IdentityHate];
}

public sealed class ArticleStore(NpgsqlDataSource db)
{
    public async Task<IReadOnlyList<ArticleSummary>> ListAsync(CancellationToken ct)
    {
        const string sql =
            """
            SELECT a.id, d.source, a.title,
                   (SELECT count(*) FROM comments c WHERE c.article_id = a.id)::int AS comment_count,
                   (SELECT count(*) FROM comments c WHERE c.article_id = a.id AND c.flagged)::int AS flagged_count,
                   d.status, d.error
            FROM articles a JOIN documents d ON d.id = a.document_id
            ORDER BY a.id
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        return [.. await conn.QueryAsync<ArticleSummary>(new CommandDefinition(sql, cancellationToken: ct))];
    }

    public async Task<bool> ExistsAsync(long id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM articles WHERE id = @id)", new { id }, cancellationToken: ct));
    }

    /// One page of an article's comments in document order, after the given position.
    public async Task<IReadOnlyList<CommentRow>> CommentsAsync(long articleId, int afterPosition, int limit, CancellationToken ct)
    {
        const string sql =
            """
            SELECT id, position, author, text, external_id, parent_id, created_at,
                   toxic, severe_toxic, obscene, threat, insult, identity_hate, explanation::text, flagged, model_version
            FROM comments
            WHERE article_id = @articleId AND position > @afterPosition
            ORDER BY position
            LIMIT @limit
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        return [.. await conn.QueryAsync<CommentRow>(new CommandDefinition(sql, new { articleId, afterPosition, limit }, cancellationToken: ct))];
    }
}
