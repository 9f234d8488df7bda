namespace Gateway.RequestObservation;

/// <summary>
/// The last few minutes of each configured route's traffic, one-second buckets kept in memory: what a
/// guarded commit compares before and after. Seconds are on a monotonic clock (<see cref="Now"/>), not
/// wall time, so a clock step cannot move a window.
/// </summary>
public interface IRouteTraffic
{
    /// <summary>The current second on the buckets' clock.</summary>
    long Now { get; }

    /// <summary>How many seconds back are kept; older seconds read as empty.</summary>
    int Seconds { get; }

    /// <summary>The route's requests from second <paramref name="first"/> to <paramref name="last"/>, both included.</summary>
    RouteTrafficSummary Sum(string routeId, long first, long last);
}

/// <summary>Requests, 5xx answers and the 99th-percentile duration of a route over some seconds.</summary>
/// <param name="Requests">Requests that ended in those seconds.</param>
/// <param name="ServerErrors">Of those, answered with a 5xx status.</param>
/// <param name="P99">The upper bound of the duration bucket holding the 99th percentile; null with no requests.</param>
public readonly record struct RouteTrafficSummary(long Requests, long ServerErrors, TimeSpan? P99)
{
    /// <summary>5xx answers as a fraction of requests; 0 with no requests.</summary>
    public double ServerErrorRate => Requests == 0 ? 0 : (double)ServerErrors / Requests;
}
