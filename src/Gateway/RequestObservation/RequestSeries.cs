using Gateway.TrafficHistory;

namespace Gateway.RequestObservation;

/// <summary>
/// Everything a request of one (listener, route, cluster, server) records into, resolved once: the metric counters of
/// that series (aggregated here and read by the observable instruments of <see cref="RequestMetrics"/>), its tags for the
/// duration histogram, and the guard's route ring and the charts' rings. A request whose series is known costs a few
/// increments and one histogram measurement, no dictionary lookup and no tag list built.
/// </summary>
internal sealed class RequestSeries
{
    /// <summary>The status classes, in the order of <see cref="StatusClassOf"/>: the <c>code</c> tag of <c>gateway.requests</c>.</summary>
    public static readonly string[] StatusClasses = ["1xx", "2xx", "3xx", "4xx", "5xx", "other"];

    private readonly long[] _requests = new long[StatusClasses.Length];
    private long _bytesIn;
    private long _bytesOut;
    private RouteTrafficWindow.Ring? _window;
    private volatile bool _windowResolved;

    /// <summary>A series of its tags; null ids are tagged as empty strings, as the metrics always have been.</summary>
    public RequestSeries(string listener, string? route, string? cluster, string? server)
    {
        (Listener, Route, Cluster, Server) = (listener, route, cluster, server);
        Tags = [new("listener", listener), new("route", route ?? ""), new("cluster", cluster ?? ""), new("server", server ?? "")];
    }

    /// <summary>The series that takes every request past the cap on series, tagged as OpenTelemetry tags its own overflow.</summary>
    public RequestSeries()
    {
        (Listener, IsOverflow) = ("", true);
        Tags = [new("otel.metric.overflow", true)];
    }

    public string Listener { get; }

    public string? Route { get; }

    public string? Cluster { get; }

    public string? Server { get; }

    /// <summary>True for the one series that counts every request beyond the cap; it keeps no route or chart rings.</summary>
    public bool IsOverflow { get; }

    /// <summary>listener, route, cluster, server: the tags of the duration histogram and the body-bytes counters.</summary>
    public KeyValuePair<string, object?>[] Tags { get; }

    /// <summary>
    /// The guard's ring of <see cref="Route"/> (<see cref="RouteTrafficWindow"/>) once it was looked up: true with the ring,
    /// or with null for no route or past the cap on routes (an answer that holds: the window never drops a ring).
    /// </summary>
    public bool TryGetWindow(out RouteTrafficWindow.Ring? ring)
    {
        // The flag is written after the ring and read before it (volatile: release and acquire).
        if (_windowResolved)
        {
            ring = _window;
            return true;
        }

        ring = null;
        return false;
    }

    public void SetWindow(RouteTrafficWindow.Ring? ring)
    {
        _window = ring;
        _windowResolved = true;
    }

    /// <summary>The charts' rings under the snapshot they were found for; found again when another snapshot is in force.</summary>
    public TrafficHistoryStore.Series? History { get; set; }

    public static int StatusClassOf(int status) => status is >= 100 and < 600 ? (status / 100) - 1 : StatusClasses.Length - 1;

    public void Count(int status, long bytesIn, long bytesOut)
    {
        Interlocked.Increment(ref _requests[StatusClassOf(status)]);
        if (bytesIn > 0)
        {
            Interlocked.Add(ref _bytesIn, bytesIn);
        }

        if (bytesOut > 0)
        {
            Interlocked.Add(ref _bytesOut, bytesOut);
        }
    }

    /// <summary>Requests counted so far with the status class at <paramref name="statusClass"/> (an index of <see cref="StatusClasses"/>).</summary>
    public long Requests(int statusClass) => Volatile.Read(ref _requests[statusClass]);

    public long BytesIn => Volatile.Read(ref _bytesIn);

    public long BytesOut => Volatile.Read(ref _bytesOut);
}
