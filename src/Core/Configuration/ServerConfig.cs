namespace Gateway.Core.Configuration;

/// <summary>One server of a cluster.</summary>
public sealed record ServerConfig
{
    public required string Id { get; init; }

    /// <summary>
    /// Absolute http or https URL, e.g. <c>http://10.0.0.5:8080/</c>; or, for a cluster behind TCP
    /// listeners, <c>tcp://host:port</c>.
    /// </summary>
    public required string Address { get; init; }

    public ServerState State { get; init; } = ServerState.Ready;

    /// <summary>
    /// This server's share of new traffic relative to the other servers of its cluster, 0 to
    /// <see cref="MaxWeight"/> (HAProxy's <c>weight</c>): a server of weight 3 gets three times the
    /// requests of one of weight 1. Weight 0 gets no new traffic.
    /// </summary>
    public int Weight { get; init; } = DefaultWeight;

    /// <summary>
    /// A backup server gets traffic only while no other server of its cluster is available
    /// (ready, healthy and of a weight above 0), and stops getting it when one is again.
    /// </summary>
    public bool Backup { get; init; }

    /// <summary>
    /// Most requests this server is sent at once (HAProxy's server <c>maxconn</c>); more wait in the
    /// cluster's queue (<see cref="ClusterConfig.MaxQueue"/>). Null for no limit.
    /// </summary>
    public int? MaxConnections { get; init; }

    public const int DefaultWeight = 1;

    public const int MaxWeight = 256;
}

/// <summary>
/// Whether a server takes traffic. Only <see cref="Ready"/> servers receive new requests;
/// requests already in flight to a draining server finish normally.
/// </summary>
public enum ServerState
{
    Ready,
    Drain,
    Maintenance,
}
