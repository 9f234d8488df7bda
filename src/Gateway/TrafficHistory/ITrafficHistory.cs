namespace Gateway.TrafficHistory;

/// <summary>
/// The last 15 minutes of traffic per route, cluster and server, in 10-second buckets, kept in memory from the same
/// measurements as the request metrics: what the admin overview draws as charts. Only ids of the configuration in
/// force are kept (a series is dropped when its route, cluster or server leaves it), so memory is bounded by the
/// configuration, never by the traffic.
/// </summary>
public interface ITrafficHistory
{
    /// <summary>A route's last 15 minutes (zeros when it had no traffic).</summary>
    TrafficSeries Route(string routeId);

    /// <summary>A cluster's last 15 minutes: requests sent to it.</summary>
    TrafficSeries Cluster(string clusterId);

    /// <summary>A server's last 15 minutes: requests whose last try went to it.</summary>
    TrafficSeries Server(string clusterId, string serverId);
}

/// <summary>Consecutive buckets, oldest first; the last one is the 10 seconds in progress.</summary>
/// <param name="Start">When the first bucket began.</param>
/// <param name="Step">Each bucket's length (10 seconds).</param>
public sealed record TrafficSeries(DateTimeOffset Start, TimeSpan Step, IReadOnlyList<TrafficPoint> Points)
{
    /// <summary>When the last bucket ends.</summary>
    public DateTimeOffset End => Start + (Step * Points.Count);
}

/// <summary>One bucket: its requests, how many got a 5xx, and the median and 99th percentile of their time in the gateway (null without requests).</summary>
public sealed record TrafficPoint(long Requests, long ServerErrors, double? P50Milliseconds, double? P99Milliseconds)
{
    public static TrafficPoint Empty { get; } = new(0, 0, null, null);
}
