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
