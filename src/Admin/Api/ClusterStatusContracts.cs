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
                s.MarkedDownUntil))]))];

    public static string HealthName(ServerHealthStatus status) => status switch
    {
        ServerHealthStatus.Up => "up",
        ServerHealthStatus.Down => "down",
        _ => "not-checked",
    };
}

/// <param name="HealthChecked">Whether the cluster has a health check; without one every server is <c>not-checked</c>.</param>
/// <param name="AvailableServers">Servers that may take the next request; 0 means requests get 503.</param>
internal sealed record ClusterStatusContract(string Id, string LoadBalancing, bool HealthChecked, int AvailableServers, IReadOnlyList<ServerStatusContract> Servers);

/// <param name="State">ready, drain or maintenance.</param>
/// <param name="RequestsInFlight">Requests in flight; for a tcp:// server, connections open to it.</param>
/// <param name="TakesNewTraffic">Whether the load balancer may choose it now: ready, weight above 0, not down, and not a backup while another server can serve.</param>
/// <param name="ConnectFailures">tcp:// servers only: TCP-mode connects that failed (passive health).</param>
/// <param name="MarkedDownUntil">tcp:// servers only: until when a failed connect keeps the server out of selection; absent when it is not marked down.</param>
internal sealed record ServerStatusContract(string Id, string Address, string State, int Weight, bool Backup, ServerHealthContract Health, int RequestsInFlight, bool TakesNewTraffic,
    long? ConnectFailures = null, DateTimeOffset? MarkedDownUntil = null);

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
