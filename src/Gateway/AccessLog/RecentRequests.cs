namespace Gateway.AccessLog;

/// <summary>
/// The last access-log records of HTTP requests, newest first, kept in memory whether or not the access log is written:
/// what the admin's "Recent requests" page lists, so a user can find a request they just sent.
/// </summary>
public interface IRecentRequests
{
    /// <summary>How many requests are kept.</summary>
    int Capacity { get; }

    /// <summary>Up to <see cref="Capacity"/> requests, newest first.</summary>
    IReadOnlyList<RecentRequest> Latest();
}

/// <summary>One request as its access-log line has it (see docs/observability.md for the fields).</summary>
/// <param name="Client">Address and port, e.g. <c>127.0.0.1:50412</c>.</param>
/// <param name="TotalMilliseconds">Ta: the whole request in the gateway.</param>
/// <param name="Termination">HAProxy's two letters: who ended the exchange and in which phase.</param>
public sealed record RecentRequest(
    DateTimeOffset AcceptedAt, string Client, string Listener, string Method, string Target, int Status,
    string? Route, string? Cluster, string? Server, long TotalMilliseconds, string Termination, string Revision);

/// <summary>
/// A fixed ring of the last <see cref="Capacity"/> requests whose slots are allocated once and overwritten in place: a
/// request costs one interlocked increment to claim a slot, one compare-and-swap to take it and the field stores, and
/// allocates nothing (the strings it keeps are the request's own). Readers copy a slot out under a sequence lock.
/// </summary>
/// <remarks>
/// Consistency: each slot has a version, odd while a writer is in it. A writer takes the slot by moving an even version
/// to odd (a second writer that lapped the ring onto the same slot waits for the first; writers never wait for readers),
/// writes, and publishes the next even version. A reader copies the slot between two reads of the version and keeps the
/// copy only when both reads are the same even number, so every entry a reader returns is one request's fields, never
/// a mix of two. A reader that keeps losing that race to writers gives up on the slot after a few tries and leaves it
/// out: under a flood of requests the list may miss an entry that was being overwritten anyway. As before, a slot
/// whose writer raced ahead may already hold a newer request; the list is ordered by accept time, newest first.
/// </remarks>
internal sealed class RecentRequestRing : IRecentRequests
{
    public const int Capacity = 500;

    /// <summary>How often a reader copies a slot again when a writer changed it during the copy, before leaving it out.</summary>
    private const int ReadTries = 8;

    private readonly Slot[] _slots = new Slot[Capacity];
    private long _written;

    int IRecentRequests.Capacity => Capacity;

    public void Add(in RequestOutcome outcome)
    {
        var sequence = Interlocked.Increment(ref _written);
        ref var slot = ref _slots[(sequence - 1) % Capacity];
        var version = Take(ref slot);

        // A writer that lapped the ring may have been here first with a newer request: keep the newer.
        if (slot.Sequence < sequence)
        {
            slot.Sequence = sequence;
            slot.AcceptedAt = outcome.AcceptedAt;
            slot.Client = outcome.Client;
            slot.Listener = outcome.Listener;
            slot.Method = outcome.Method;
            slot.Target = outcome.Target;
            slot.Status = outcome.Status;
            slot.Route = outcome.Route;
            slot.Cluster = outcome.Cluster;
            slot.Server = outcome.Server;
            slot.Ta = outcome.Ta;
            slot.Termination = outcome.Termination;
            slot.Revision = outcome.Revision;
        }

        // Release: the fields above are visible to whoever reads this even version.
        Volatile.Write(ref slot.Version, version + 2);
    }

    public IReadOnlyList<RecentRequest> Latest()
    {
        var written = Interlocked.Read(ref _written);
        var count = (int)Math.Min(written, Capacity);
        var latest = new List<RecentRequest>(count);
        for (var i = 0; i < count; i++)
        {
            if (TryRead(ref _slots[(written - 1 - i) % Capacity], out var copy))
            {
                latest.Add(new RecentRequest(copy.AcceptedAt, copy.Client!, copy.Listener!, copy.Method!, copy.Target!, copy.Status,
                    copy.Route, copy.Cluster, copy.Server, copy.Ta, copy.Termination!, copy.Revision!));
            }
        }

        // Writers that raced ahead may have replaced a slot with a newer request: order by time, newest first.
        latest.Sort((a, b) => b.AcceptedAt.CompareTo(a.AcceptedAt));
        return latest;
    }

    /// <summary>Makes the slot's version odd (this writer's), waiting while another writer has it; returns the even version it had.</summary>
    private static int Take(ref Slot slot)
    {
        var spin = default(SpinWait);
        while (true)
        {
            var version = Volatile.Read(ref slot.Version);
            if ((version & 1) == 0 && Interlocked.CompareExchange(ref slot.Version, version + 1, version) == version)
            {
                return version;
            }

            spin.SpinOnce();
        }
    }

    /// <summary>A copy of the slot no writer changed while it was taken; false for a slot never written or always busy.</summary>
    private static bool TryRead(ref Slot slot, out Slot copy)
    {
        for (var attempt = 0; attempt < ReadTries; attempt++)
        {
            var before = Volatile.Read(ref slot.Version);
            if ((before & 1) == 0)
            {
                copy = slot;
                // The copy's loads complete before the version is read again (a plain acquire read would not order them).
                Interlocked.MemoryBarrier();
                if (Volatile.Read(ref slot.Version) == before)
                {
                    return copy.Sequence > 0;
                }
            }

            Thread.SpinWait(1 << attempt);
        }

        copy = default;
        return false;
    }

    /// <summary>One request's fields, written in place; <see cref="Version"/> is the slot's sequence lock.</summary>
    private struct Slot
    {
        public int Version;
        public long Sequence;
        public DateTimeOffset AcceptedAt;
        public string? Client;
        public string? Listener;
        public string? Method;
        public string? Target;
        public int Status;
        public string? Route;
        public string? Cluster;
        public string? Server;
        public long Ta;
        public string? Termination;
        public string? Revision;
    }
}
