using Gateway.Core.Configuration;
using Gateway.Backends;
using Gateway.Health;

namespace Gateway.Status;

/// <summary>
/// The live state of every cluster's servers, for the admin UI and the status API: what the
/// configuration says (state, weight, backup), what the health checks found, and the traffic
/// (requests in flight, whether new requests may go there). Registered by <c>AddGateway</c>.
/// </summary>
public interface IServerStatusTable
{
    /// <summary>Every cluster of the configuration in force, sorted by id, servers sorted by id.</summary>
    IReadOnlyList<ClusterStatus> GetClusters();

    /// <summary>One cluster, or null when there is none with that id.</summary>
    ClusterStatus? GetCluster(string clusterId);

    /// <summary>
    /// A server's health alone, without touching the proxy's state: cheap enough for a connection
    /// handler to consult when choosing a server. Not checked when the cluster has no health check
    /// or the server is unknown.
    /// </summary>
    ServerHealth GetHealth(string clusterId, string serverId);
}

/// <param name="HealthCheck">The cluster's health check, or null when its servers are not checked.</param>
/// <param name="AvailableServers">How many servers may take new requests (or, for tcp:// servers, connections) now (0: requests get 503).</param>
public sealed record ClusterStatus(string Id, string LoadBalancing, HealthCheckConfig? HealthCheck, int AvailableServers, IReadOnlyList<ServerStatus> Servers)
{
    /// <summary>HTTP clusters: failed tries, retries, redispatches and requests refused for want of a server.</summary>
    public BackendCounts Forwarding { get; init; } = BackendCounts.Zero;

    /// <summary>HTTP clusters: requests waiting now for a server below its <see cref="ServerConfig.MaxConnections"/>.</summary>
    public int Queued { get; init; }
}

/// <param name="RequestsInFlight">Requests forwarded to the server and not yet finished; for a tcp:// server, connections open to it.</param>
/// <param name="TakesNewTraffic">Whether the load balancer may send it the next request: ready, weight above 0, not down, and not a backup while another server can serve.</param>
/// <param name="ConnectFailures">tcp:// servers: connects by TCP mode that failed (passive health), since the server joined the configuration.</param>
/// <param name="MarkedDownUntil">tcp:// servers: until when a failed connect keeps the server out of selection; null when it is not marked down.</param>
public sealed record ServerStatus(
    string Id,
    string Address,
    ServerState State,
    int Weight,
    bool Backup,
    ServerHealth Health,
    int RequestsInFlight,
    bool TakesNewTraffic,
    long ConnectFailures = 0,
    DateTimeOffset? MarkedDownUntil = null)
{
    /// <summary>HTTP servers: tries that failed on this server, and how many of them were sent again (elsewhere or here).</summary>
    public BackendCounts Forwarding { get; init; } = BackendCounts.Zero;

    /// <summary>HTTP servers: passive health (ejection by failures of real traffic).</summary>
    public PassiveHealthState PassiveHealth { get; init; } = PassiveHealthState.Clean;
}
