using Gateway.Admin.Api;
using Gateway.Listeners;
using Gateway.Status;

namespace Gateway.Admin.Ui.Services;

/// <param name="Cluster">For a route, the cluster it is configured to send to.</param>
public sealed record TrafficView(string Id, long Requests, long ServerErrors, string? Cluster);

/// <param name="State"><c>bound</c>, <c>binding</c> or <c>failed</c> (see <paramref name="Error"/>).</param>
internal sealed record ListenerView(string Id, string State, string? Error)
{
    internal static ListenerView From(BoundListener listener) => new(listener.Id, listener.State.ToString().ToLowerInvariant(), listener.Error);
}

/// <param name="Id"><c>cluster/server</c>.</param>
/// <param name="State"><c>ready</c>, <c>drain</c> or <c>maintenance</c>.</param>
/// <param name="Health"><c>up</c>, <c>down</c> or <c>not-checked</c>, as the status API says.</param>
/// <param name="LastFailure">Why the latest failed check failed.</param>
/// <param name="TakesNewTraffic">Whether the load balancer may send it the next request.</param>
internal sealed record ServerView(string Id, string State, string Health, string? LastFailure, int Weight, bool Backup, bool TakesNewTraffic)
{
    internal static ServerView From(string clusterId, ServerStatus server) => new(
        $"{clusterId}/{server.Id}",
        server.State.ToString().ToLowerInvariant(),
        ClusterStatusContracts.HealthName(server.Health.Status),
        server.Health.LastFailure,
        server.Weight,
        server.Backup,
        server.TakesNewTraffic);
}
