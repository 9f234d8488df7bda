using Gateway.Backends;
using Gateway.Core.Configuration;
using Gateway.Health;
using Gateway.Status;

namespace Gateway.Admin.Api;

/// <summary>The status API's view of <see cref="IServerStatusTable"/>: states and health as the lower-case words the configuration uses.</summary>
internal static class ClusterStatusContracts
{
    public static IReadOnlyList<ClusterStatusContract> From(IReadOnlyList<ClusterStatus> clusters) =>
        [.. clusters.Select(c => new ClusterStatusContract(
            c.Id,
            c.LoadBalancing,
            c.HealthCheck is not null,
            c.AvailableServers,
            ForwardingFor(c.Forwarding, includeUnavailable: true),
            c.Queued,
            [.. c.Servers.Select(s => new ServerStatusContract(
                s.Id,
                s.Address,
                s.State.ToString().ToLowerInvariant(),
                s.Weight,
                s.Backup,
                new ServerHealthContract(
                    HealthName(s.Health.Status),
                    s.Health.Since,
                    s.Health.LastCheckAt,
                    s.Health.LastFailure,
                    s.Health.LastFailureAt,
                    s.Health.ConsecutiveSuccesses,
                    s.Health.ConsecutiveFailures),
                s.RequestsInFlight,
                s.TakesNewTraffic,
                TcpServerAddress.IsTcp(s.Address) ? s.ConnectFailures : null,
                s.MarkedDownUntil,
                TcpServerAddress.IsTcp(s.Address) ? null : ForwardingFor(s.Forwarding, includeUnavailable: false),
                TcpServerAddress.IsTcp(s.Address) ? null : new PassiveHealthContract(
                    s.PassiveHealth.EjectedUntil, s.PassiveHealth.ConsecutiveFailures, s.PassiveHealth.Ejections, s.PassiveHealth.LastFailure)))]))];

    private static ForwardingContract ForwardingFor(BackendCounts counts, bool includeUnavailable) =>
        new(counts.Failures, counts.Retries, counts.Redispatches, includeUnavailable ? counts.Unavailable : null);

    public static string HealthName(ServerHealthStatus status) => status switch
    {
        ServerHealthStatus.Up => "up",
        ServerHealthStatus.Down => "down",
        _ => "not-checked",
    };
}

/// <param name="HealthChecked">Whether the cluster has a health check; without one every server is <c>not-checked</c>.</param>
/// <param name="AvailableServers">Servers that may take the next request; 0 means requests get 503.</param>
/// <param name="Forwarding">Failed tries, retries and redispatches of the cluster's requests, and requests refused for want of a server.</param>
/// <param name="Queued">Requests waiting now for a server below its maxConnections.</param>
internal sealed record ClusterStatusContract(string Id, string LoadBalancing, bool HealthChecked, int AvailableServers, ForwardingContract Forwarding, int Queued, IReadOnlyList<ServerStatusContract> Servers);

/// <param name="Failures">Tries that failed (connect refused or timed out, reset, no response in time).</param>
/// <param name="Retries">Of those, how many were sent again.</param>
/// <param name="Redispatches">Of the retries, how many went to another server.</param>
/// <param name="Unavailable">Cluster only: requests answered 503 because no server could take them (none available, queue full or the wait ran out).</param>
internal sealed record ForwardingContract(long Failures, long Retries, long Redispatches, long? Unavailable = null);

/// <param name="EjectedUntil">While present, failures of real traffic keep the server out of selection until then.</param>
/// <param name="ConsecutiveFailures">Failures of real traffic since its last success.</param>
/// <param name="Ejections">Times passive health took it out.</param>
/// <param name="LastFailure">Why its last failed request failed.</param>
internal sealed record PassiveHealthContract(DateTimeOffset? EjectedUntil, int ConsecutiveFailures, long Ejections, string? LastFailure);

/// <param name="State">ready, drain or maintenance.</param>
/// <param name="RequestsInFlight">Requests in flight; for a tcp:// server, connections open to it.</param>
/// <param name="TakesNewTraffic">Whether the load balancer may choose it now: ready, weight above 0, not down, and not a backup while another server can serve.</param>
/// <param name="ConnectFailures">tcp:// servers only: TCP-mode connects that failed (passive health).</param>
/// <param name="MarkedDownUntil">tcp:// servers only: until when a failed connect keeps the server out of selection; absent when it is not marked down.</param>
/// <param name="Forwarding">HTTP servers only: tries that failed on this server and what became of them.</param>
/// <param name="PassiveHealth">HTTP servers only: ejection by failures of real traffic.</param>
internal sealed record ServerStatusContract(string Id, string Address, string State, int Weight, bool Backup, ServerHealthContract Health, int RequestsInFlight, bool TakesNewTraffic,
    long? ConnectFailures = null, DateTimeOffset? MarkedDownUntil = null, ForwardingContract? Forwarding = null, PassiveHealthContract? PassiveHealth = null);

/// <param name="Status">up, down or not-checked.</param>
/// <param name="LastFailure">Why the latest failed check failed, e.g. <c>HTTP 503</c>.</param>
internal sealed record ServerHealthContract(
    string Status,
    DateTimeOffset? Since,
    DateTimeOffset? LastCheckAt,
    string? LastFailure,
    DateTimeOffset? LastFailureAt,
    int ConsecutiveSuccesses,
    int ConsecutiveFailures);
