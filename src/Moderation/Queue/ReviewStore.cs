using Dapper;
using Npgsql;

namespace Moderation.Queue;

/// Who acts: the key id (null for the local bootstrap caller), its name for the audit log, and whether it is an admin.
public sealed record Actor(long? KeyId, string Name, bool IsAdmin);

public enum Decision
{
    Approve,
    Remove,
    Escalate,
}

public enum ReviewOutcome
{
    Done,
    NotFound,
    Forbidden,
    Conflict,
}

public sealed record ReviewResult(ReviewOutcome Outcome, string? Detail = null, string? Status = null);

public sealed record FlagEvent(long Id, DateTime At, string Actor, string Action, string? FromStatus, string ToStatus, string? Detail);

/// The moderators' side of the queue: leases, decisions, undo and the audit log. Every change of a flag writes its
/// event in the same transaction, so the log and the flags cannot disagree.
public sealed class ReviewStore(NpgsqlDataSource db)
{
    /// Leases up to count flags to the actor, highest priority first. SKIP LOCKED lets concurrent claimers pass over
    /// each other's rows instead of waiting for them or taking them twice.
    public async Task<long[]> ClaimAsync(Actor actor, int count, TimeSpan lease, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await ReleaseExpiredAsync(conn, tx, ct);
        var ids = await conn.QueryAsync<long>(new CommandDefinition(
            """
            WITH picked AS (
                SELECT id FROM flags WHERE status = 'pending'
                ORDER BY priority DESC, id
                LIMIT @count
                FOR UPDATE SKIP LOCKED
            ), claimed AS (
                UPDATE flags f SET status = 'claimed', claimed_by = @KeyId, lease_until = now() + @lease
                FROM picked WHERE f.id = picked.id
                RETURNING f.id, f.lease_until
            ), logged AS (
                INSERT INTO flag_events (flag_id, actor, actor_key, action, from_status, to_status, detail)
                SELECT id, @Name, @KeyId, 'claim', 'pending', 'claimed', jsonb_build_object('leaseUntil', lease_until) FROM claimed
            )
            SELECT id FROM claimed
            """, new { count, actor.KeyId, actor.Name, lease }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return [.. ids];
    }

    /// Returns flags whose lease ran out to the queue. Claims do this first; the lease rescuer does it on a timer so
    /// that listings and metrics do not show stale leases.
    public async Task<int> ReleaseExpiredAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var released = await ReleaseExpiredAsync(conn, tx, ct);
        await tx.CommitAsync(ct);
        return released;
    }

    static Task<int> ReleaseExpiredAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct) =>
        conn.ExecuteScalarAsync<int>(new CommandDefinition(
            """
            WITH expired AS (
                UPDATE flags SET status = 'pending', claimed_by = NULL, lease_until = NULL
                WHERE status = 'claimed' AND lease_until < now()
                RETURNING id
            ), logged AS (
                INSERT INTO flag_events (flag_id, actor, action, from_status, to_status)
                SELECT id, 'system', 'lease-expired', 'claimed', 'pending' FROM expired
            )
            SELECT count(*)::int FROM expired
            """, transaction: tx, cancellationToken: ct));

    public async Task<ReviewResult> DecideAsync(long flagId, Actor actor, Decision decision, string[] labels, string? note, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var flag = await LockAsync(conn, tx, flagId, ct);
        if (flag is null)
            return new ReviewResult(ReviewOutcome.NotFound, $"There is no flag {flagId}.");

        switch (flag.Status)
        {
            case "approved" or "removed":
                return new ReviewResult(ReviewOutcome.Conflict, $"Flag {flagId} was already decided ({flag.Status}).", flag.Status);
            case "escalated" when !actor.IsAdmin:
                return new ReviewResult(ReviewOutcome.Conflict, $"Flag {flagId} was escalated; only an admin may decide it now.", flag.Status);
            case "pending" when !actor.IsAdmin:
                return new ReviewResult(ReviewOutcome.Forbidden, $"Claim flag {flagId} before deciding it.", flag.Status);
            case "claimed" when !actor.IsAdmin && (flag.ClaimedBy != actor.KeyId || !flag.LeaseLive):
                return new ReviewResult(ReviewOutcome.Forbidden, flag.ClaimedBy == actor.KeyId
                    ? $"Your lease on flag {flagId} has expired; claim it again."
                    : $"Flag {flagId} is leased to another moderator.", flag.Status);
        }

        note = note is null ? null : Storage.StoredText.Clean(note);
        var status = decision switch
        {
            Decision.Approve => "approved",
            Decision.Remove => "removed",
            _ => "escalated",
        };
        await conn.ExecuteAsync(new CommandDefinition(
            """
            UPDATE flags SET status = @status, decided_by = @KeyId, decided_at = now(), decision_labels = @labels, note = @note,
                             lease_until = NULL
            WHERE id = @flagId;
            INSERT INTO flag_events (flag_id, actor, actor_key, action, from_status, to_status, detail)
            VALUES (@flagId, @Name, @KeyId, 'decide', @from, @status, jsonb_build_object('labels', @labels, 'note', @note));
            """, new { flagId, status, actor.KeyId, actor.Name, labels, note, from = flag.Status }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return new ReviewResult(ReviewOutcome.Done, Status: status);
    }

    /// Takes a decision back within the window: the flag returns to the one who undoes it, under a fresh lease.
    public async Task<ReviewResult> UndoAsync(long flagId, Actor actor, TimeSpan window, TimeSpan lease, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var flag = await LockAsync(conn, tx, flagId, ct);
        if (flag is null)
            return new ReviewResult(ReviewOutcome.NotFound, $"There is no flag {flagId}.");
        if (flag.DecidedAt is null)
            return new ReviewResult(ReviewOutcome.Conflict, $"Flag {flagId} has no decision to undo.", flag.Status);
        if (!actor.IsAdmin && flag.DecidedBy != actor.KeyId)
            return new ReviewResult(ReviewOutcome.Forbidden, "Only the moderator who decided, or an admin, may undo a decision.", flag.Status);
        if (flag.DecisionAge > window)
            return new ReviewResult(ReviewOutcome.Conflict, $"The undo window of {window} has passed for flag {flagId}.", flag.Status);

        await conn.ExecuteAsync(new CommandDefinition(
            """
            UPDATE flags SET status = 'claimed', claimed_by = @KeyId, lease_until = now() + @lease,
                             decided_by = NULL, decided_at = NULL, decision_labels = NULL, note = NULL
            WHERE id = @flagId;
            INSERT INTO flag_events (flag_id, actor, actor_key, action, from_status, to_status)
            VALUES (@flagId, @Name, @KeyId, 'undo', @from, 'claimed');
            """, new { flagId, actor.KeyId, actor.Name, lease, from = flag.Status }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return new ReviewResult(ReviewOutcome.Done, Status: "claimed");
    }

    public async Task<IReadOnlyList<FlagEvent>?> HistoryAsync(long flagId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await conn.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM flags WHERE id = @flagId)", new { flagId }, cancellationToken: ct)))
            return null;
        return [.. await conn.QueryAsync<FlagEvent>(new CommandDefinition(
            "SELECT id, at, actor, action, from_status, to_status, detail::text FROM flag_events WHERE flag_id = @flagId ORDER BY id",
            new { flagId }, cancellationToken: ct))];
    }

    static Task<LockedFlag?> LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long flagId, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<LockedFlag>(new CommandDefinition(
            """
            SELECT status, claimed_by, COALESCE(lease_until > now(), false) AS lease_live, decided_by, decided_at,
                   now() - decided_at AS decision_age
            FROM flags WHERE id = @flagId FOR UPDATE
            """, new { flagId }, tx, cancellationToken: ct));

    sealed record LockedFlag(string Status, long? ClaimedBy, bool LeaseLive, long? DecidedBy, DateTime? DecidedAt, TimeSpan? DecisionAge);
}
