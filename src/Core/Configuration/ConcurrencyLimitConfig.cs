namespace Gateway.Core.Configuration;

/// <summary>
/// A concurrency checkpoint of a route or a cluster (HAProxy's rate-shaping design, "concurrency-limit": a counter
/// and a queue, no timer but the wait): at most <see cref="MaxRequests"/> requests through it at once; more wait in
/// its queue, first come first served, and a finishing request hands its place straight to the oldest waiter. A
/// request that finds the queue full, or waits longer than <see cref="QueueTimeout"/>, gets 503 with Retry-After.
/// The names follow the cluster's server queue (<see cref="ClusterConfig.MaxQueue"/>, <see cref="ClusterConfig.QueueTimeout"/>).
/// </summary>
public sealed record ConcurrencyLimitConfig
{
    /// <summary>Requests allowed through at once; 1 or more.</summary>
    public required int MaxRequests { get; init; }

    /// <summary>Requests that may wait for a place; 0 queues nothing (503 at once), null for no limit.</summary>
    public int? MaxQueue { get; init; }

    /// <summary>How long a request may wait for a place; <see cref="ClusterConfig.DefaultQueueTimeout"/> when not set.</summary>
    public TimeSpan? QueueTimeout { get; init; }
}
