using System.Reflection;
using Gateway.Admin.Api.Http;
using Gateway.Admin.Api.Security;
using Gateway.Admin.Nodes;
using Gateway.Admin.Store;
using Gateway.Admin.Store.Accounts;
using Gateway.Connections;
using Gateway.Listeners;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Gateway.Model;
using Gateway.SharedTables;
using Gateway.Status;
using Gateway.Tcp;

namespace Gateway.Admin.Api;

/// <summary><c>GET /status</c>: what is running: version, latest revision, the snapshot in force and its age, the listeners and whether each is bound, the clusters' servers.</summary>
internal static class StatusApi
{
    private static readonly string Version =
        typeof(StatusApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/status", async (HttpContext context, ConfigStore store, NodeRegistry registry, GatewayDatabase database, IGatewaySnapshotAccessor snapshots, IGatewayListeners listeners, IGatewayStatus status, IServerStatusTable servers, SharedTablesStatus sharedTables, TimeProvider time) =>
            {
                // Works without the database: a node that lost it says so, with the revision it serves and itself as the only node it knows.
                long revision;
                IReadOnlyList<NodeStatus> nodes;
                try
                {
                    revision = store.Read().Revision;
                    nodes = [.. (await registry.ListAsync(store.AppliedRevision, context.RequestAborted)).Select(n => NodeStatus.From(n, registry.Name, revision))];
                }
                catch (Exception ex) when (GatewayDatabase.IsUnreachable(ex))
                {
                    store.Connectivity.Lost(ex);
                    revision = store.AppliedRevision;
                    nodes = [NodeStatus.From(registry.Self(store.AppliedRevision), registry.Name, revision)];
                }

                var snapshot = snapshots.Current;
                RevisionTags.Set(context.Response, revision);
                return TypedResults.Json(new GatewayStatus(
                    Version,
                    revision,
                    new StoreStatus(database.IsPostgres ? "postgres" : "sqlite", store.Connectivity.Reachable, store.Connectivity.LostSince, store.Connectivity.Reason, store.AppliedRevision),
                    nodes,
                    new SnapshotStatus(snapshot.Version, snapshot.Generation, snapshot.CreatedAt, Math.Max(0, (time.GetUtcNow() - snapshot.CreatedAt).TotalSeconds)),
                    [.. listeners.All.Select(l => new ListenerStatus(l.Id, l.Url.ToString(), l.Protocols.ToString(), l.State.ToString().ToLowerInvariant(), l.Error, ListenerConnectionStatus.From(status.Connections(l.Id))))],
                    ClusterStatusContracts.From(servers.GetClusters()),
                    TcpTrafficContracts.From(snapshot.Config, status),
                    SharedTablesStatusContract.From(sharedTables)), ApiJson.Options);
            })
            .WithTags("status").WithName("status").WithSummary("Version, latest revision, the snapshot in force and its age, the listeners and whether each is bound, each cluster's servers with their health and traffic, and what TCP-mode listeners forwarded.")
            .Produces<GatewayStatus>().ProducesReadProblems().RequireRole(AdminRole.Viewer);
    }
}

internal sealed record GatewayStatus(string Version, long Revision, StoreStatus Store, IReadOnlyList<NodeStatus> Nodes, SnapshotStatus Snapshot, IReadOnlyList<ListenerStatus> Listeners, IReadOnlyList<ClusterStatusContract> Clusters, TcpTrafficStatus Tcp, SharedTablesStatusContract SharedTables);

/// <summary>Shared stick tables on this node: whether their counts reach the other nodes through Redis.</summary>
/// <param name="Redis"><c>connected</c>; <c>unreachable</c> (the tables count on this node alone until it is back); <c>starting</c> (no round yet); <c>not configured</c> (no <c>Gateway:Redis:ConnectionString</c> on this node: shared tables count per node).</param>
/// <param name="Tables">The shared tables of the configuration in force.</param>
/// <param name="DownSinceUtc">When Redis was found unreachable, while it is.</param>
/// <param name="Error">Why, while it is.</param>
/// <param name="LastSyncUtc">The end of the last round that reached Redis.</param>
internal sealed record SharedTablesStatusContract(string Redis, IReadOnlyList<string> Tables, DateTimeOffset? DownSinceUtc, string? Error, DateTimeOffset? LastSyncUtc)
{
    public static SharedTablesStatusContract From(SharedTablesStatus status) => new(
        !status.Configured ? "not configured" : status.Connected ? "connected" : status.DownSince is not null ? "unreachable" : "starting",
        status.Tables,
        status.DownSince,
        status.Error,
        status.LastSync);
}

/// <summary>The configuration store as this node sees it.</summary>
/// <param name="Provider"><c>sqlite</c> (one node) or <c>postgres</c> (shared by the nodes listed in <c>nodes</c>).</param>
/// <param name="Reachable">False while this node cannot reach the database: it serves <paramref name="AppliedRevision"/> and refuses changes (503).</param>
/// <param name="LostSinceUtc">When the database was found unreachable, while it is.</param>
/// <param name="Error">Why it is unreachable, while it is.</param>
/// <param name="AppliedRevision">The revision whose snapshot this node serves.</param>
internal sealed record StoreStatus(string Provider, bool Reachable, DateTimeOffset? LostSinceUtc, string? Error, long AppliedRevision);

/// <summary>A node of the store, as it last reported itself.</summary>
/// <param name="Revision">The revision in force on that node.</param>
/// <param name="LastSeenUtc">Its last heartbeat (every 5 s by default).</param>
/// <param name="Self">True for the node that answered.</param>
/// <param name="Current">True when it runs the latest revision.</param>
internal sealed record NodeStatus(string Name, string Address, long Revision, string StartedUtc, string LastSeenUtc, bool Self, bool Current)
{
    public static NodeStatus From(Gateway.Admin.Store.Rows.NodeRow row, string self, long latest) =>
        new(row.Name, row.Address, row.Revision, row.StartedUtc, row.LastSeenUtc, string.Equals(row.Name, self, StringComparison.OrdinalIgnoreCase), row.Revision == latest);
}

/// <param name="Version">Where the configuration in force came from, e.g. <c>revision 7</c>.</param>
/// <param name="AgeSeconds">How long ago it was applied.</param>
internal sealed record SnapshotStatus(string Version, long Generation, DateTimeOffset CreatedUtc, double AgeSeconds);

/// <param name="State"><c>bound</c>, <c>binding</c> (a change is being applied) or <c>failed</c> (see <paramref name="Error"/>).</param>
/// <param name="Error">Why a failed listener could not bind its address; it is tried again when its address is free and at every configuration change.</param>
internal sealed record ListenerStatus(string Id, string Url, string Protocols, string State, string? Error, ListenerConnectionStatus Connections);

/// <summary>A listener's connections under its limit, and those it closed before HTTP (since the gateway started).</summary>
/// <param name="Active">Connections being served (counted on listeners with <c>maxConnections</c>).</param>
/// <param name="Waiting">Connections accepted and waiting for a slot under <c>maxConnections</c>.</param>
/// <param name="RefusedOverLimit">Closed at once because the limit was reached and the waiting queue was full.</param>
/// <param name="ProxyProtocolErrors">Closed for a missing, malformed or slow PROXY header.</param>
/// <param name="Rejected">Closed by a <c>tcp-request connection reject</c> rule.</param>
/// <param name="TlsRefused">TLS handshakes refused (strict SNI without a matching certificate).</param>
internal sealed record ListenerConnectionStatus(int Active, int Waiting, long RefusedOverLimit, long ProxyProtocolErrors, long Rejected, long TlsRefused)
{
    public static ListenerConnectionStatus From(ListenerConnectionCounts counts) => new(
        counts.Active, counts.Waiting, counts.RefusedOverLimit, counts.ProxyProtocolErrors, counts.Rejected, counts.TlsRefused);
}
