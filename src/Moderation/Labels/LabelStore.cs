using System.Runtime.CompilerServices;
using Dapper;
using Moderation.Storage;
using Npgsql;

namespace Moderation.Labels;

/// Moderators' decisions read as training labels, and labels imported from elsewhere. A removal sets the labels the
/// moderator named to 1 and the rest to 0; an approval sets all six to 0; escalations are no label yet.
public sealed class LabelStore(NpgsqlDataSource db)
{
    public async IAsyncEnumerable<LabelRow> ExportAsync(DateTime? since, [EnumeratorCancellation] CancellationToken ct)
    {
        const string sql =
            """
            SELECT id, text, toxic, severe_toxic, obscene, threat, insult, identity_hate FROM (
                SELECT 'comment:' || c.id AS id, c.text, f.decided_at AS at,
                       (f.status = 'removed' AND 'toxic' = ANY(f.decision_labels))::int AS toxic,
                       (f.status = 'removed' AND 'severe_toxic' = ANY(f.decision_labels))::int AS severe_toxic,
                       (f.status = 'removed' AND 'obscene' = ANY(f.decision_labels))::int AS obscene,
                       (f.status = 'removed' AND 'threat' = ANY(f.decision_labels))::int AS threat,
                       (f.status = 'removed' AND 'insult' = ANY(f.decision_labels))::int AS insult,
                       (f.status = 'removed' AND 'identity_hate' = ANY(f.decision_labels))::int AS identity_hate
                FROM flags f JOIN comments c ON c.id = f.comment_id
                WHERE f.status IN ('removed', 'approved') AND (@since::timestamptz IS NULL OR f.decided_at >= @since)
                UNION ALL
                SELECT external_id, text, imported_at, toxic, severe_toxic, obscene, threat, insult, identity_hate
                FROM imported_labels WHERE @since::timestamptz IS NULL OR imported_at >= @since
            ) labels
            ORDER BY at, id
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        await foreach (var row in conn.QueryUnbufferedAsync<ExportRow>(sql, new { since }).WithCancellation(ct))
            yield return new LabelRow(row.Id, row.Text, [row.Toxic, row.SevereToxic, row.Obscene, row.Threat, row.Insult, row.IdentityHate]);
    }

    /// Stores imported rows, replacing an earlier import of the same id; returns how many were stored.
    public async Task<int> ImportAsync(IEnumerable<LabelRow> rows, long? importedBy, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var count = 0;
        foreach (var row in rows)
        {
            await conn.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO imported_labels (external_id, text, toxic, severe_toxic, obscene, threat, insult, identity_hate, imported_by)
                VALUES (@Id, @CommentText, @toxic, @severeToxic, @obscene, @threat, @insult, @identityHate, @importedBy)
                ON CONFLICT (external_id) DO UPDATE SET text = EXCLUDED.text, toxic = EXCLUDED.toxic, severe_toxic = EXCLUDED.severe_toxic,
                    obscene = EXCLUDED.obscene, threat = EXCLUDED.threat, insult = EXCLUDED.insult, identity_hate = EXCLUDED.identity_hate,
                    imported_by = EXCLUDED.imported_by, imported_at = now()
                """,
                new
                {
                    Id = StoredText.Clean(row.Id), CommentText = StoredText.Clean(row.CommentText), importedBy,
                    toxic = (short?)row.Labels[0], severeToxic = (short?)row.Labels[1], obscene = (short?)row.Labels[2],
                    threat = (short?)row.Labels[3], insult = (short?)row.Labels[4], identityHate = (short?)row.Labels[5],
                }, tx, cancellationToken: ct));
            count++;
        }
        await tx.CommitAsync(ct);
        return count;
    }

    sealed record ExportRow(string Id, string Text, int? Toxic, int? SevereToxic, int? Obscene, int? Threat, int? Insult, int? IdentityHate);
}
