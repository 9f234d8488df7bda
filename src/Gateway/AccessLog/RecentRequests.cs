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
/// A fixed ring of the last <see cref="Capacity"/> records: one interlocked increment and one reference write per
/// request. The records are the access log's own when it is on (built anyway), a compact one otherwise.
/// </summary>
internal sealed class RecentRequestRing : IRecentRequests
{
    public const int Capacity = 500;

    private readonly AccessLogRecord?[] _ring = new AccessLogRecord?[Capacity];
    private long _written;

    int IRecentRequests.Capacity => Capacity;

    public void Add(AccessLogRecord record)
    {
        var index = Interlocked.Increment(ref _written) - 1;
        Volatile.Write(ref _ring[index % Capacity], record);
    }

    public IReadOnlyList<RecentRequest> Latest()
    {
        var written = Interlocked.Read(ref _written);
        var count = (int)Math.Min(written, Capacity);
        var latest = new List<RecentRequest>(count);
        for (var i = 0; i < count; i++)
        {
            if (Volatile.Read(ref _ring[(written - 1 - i) % Capacity]) is { } r)
            {
                latest.Add(new RecentRequest(r.AcceptedAt, r.Client, r.Listener, r.Method, r.Target, r.Status, r.Route, r.Cluster, r.Server, r.Ta, r.Termination, r.Revision));
            }
        }

        // Writers that raced ahead may have replaced a slot with a newer record: order by time, newest first.
        latest.Sort((a, b) => b.AcceptedAt.CompareTo(a.AcceptedAt));
        return latest;
    }
}
