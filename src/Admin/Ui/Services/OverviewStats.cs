using Gateway.Proxy;
using Gateway.Snapshots;

namespace Gateway.Admin.Ui.Services;

/// <summary>
/// Request counters of the configuration in force, per route and per cluster (a cluster's are the sum of
/// the routes that send to it), with the time they were read, so a client polling them can compute rates.
/// Served to the overview page and, as JSON, to its script.
/// </summary>
public sealed record OverviewStats(string Version, long Generation, long AtUnixMs, IReadOnlyList<TrafficRow> Routes, IReadOnlyList<TrafficRow> Clusters)
{
    internal static OverviewStats Read(GatewaySnapshot snapshot, RouteTrafficTable traffic, TimeProvider time)
    {
        var routes = snapshot.Config.Routes
            .Select(r => (Route: r, Counters: traffic.Get(r.Id)))
            .Select(x => new TrafficRow(x.Route.Id, x.Counters.Requests, x.Counters.ServerErrors, x.Route.Cluster))
            .ToList();
        var clusters = snapshot.Config.Clusters
            .Select(c => routes.Where(r => c.Id.Equals(r.Cluster, StringComparison.OrdinalIgnoreCase)).ToList() is var sending
                ? new TrafficRow(c.Id, sending.Sum(r => r.Requests), sending.Sum(r => r.ServerErrors), null)
                : null)
            .ToList();
        return new OverviewStats(snapshot.Version, snapshot.Generation, time.GetUtcNow().ToUnixTimeMilliseconds(), routes, clusters!);
    }

    /// <summary>The key of a counter cell on the page (<c>route:api:requests</c>), which the script updates.</summary>
    public static string Key(string kind, string id, string counter) => $"{kind}:{id}:{counter}";
}

/// <param name="Cluster">For a route, the cluster it sends to.</param>
public sealed record TrafficRow(string Id, long Requests, long ServerErrors, string? Cluster);
