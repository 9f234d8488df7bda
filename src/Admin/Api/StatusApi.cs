using System.Reflection;
using Gateway.Admin.Api.Http;
using Gateway.Admin.Api.Security;
using Gateway.Admin.Store;
using Gateway.Admin.Store.Accounts;
using Gateway.Connections.Tcp;
using Gateway.Health;
using Gateway.Listeners;
using Gateway.Snapshots;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gateway.Admin.Api;

/// <summary><c>GET /status</c>: what is running: version, latest revision, the snapshot in force and its age, the listeners and whether each is bound, the clusters' servers.</summary>
internal static class StatusApi
{
    private static readonly string Version =
        typeof(StatusApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/status", (HttpContext context, ConfigStore store, IGatewaySnapshotAccessor snapshots, IGatewayListeners listeners, IServerStatusTable servers, TcpTrafficTable tcp, TimeProvider time) =>
            {
                var revision = store.Read().Revision;
                var snapshot = snapshots.Current;
                RevisionTags.Set(context.Response, revision);
                return TypedResults.Json(new GatewayStatus(
                    Version,
                    revision,
                    new SnapshotStatus(snapshot.Version, snapshot.Generation, snapshot.CreatedAt, Math.Max(0, (time.GetUtcNow() - snapshot.CreatedAt).TotalSeconds)),
                    [.. listeners.All.Select(l => new ListenerStatus(l.Id, l.Url.ToString(), l.Plan.Protocols.ToString(), l.State.ToString().ToLowerInvariant(), l.Error))],
                    ClusterStatusContracts.From(servers.GetClusters()),
                    TcpTrafficContracts.From(snapshot.Config, tcp)), ApiJson.Options);
            })
            .WithTags("status").WithName("status").WithSummary("Version, latest revision, the snapshot in force and its age, the listeners and whether each is bound, each cluster's servers with their health and traffic, and what TCP-mode listeners forwarded.")
            .Produces<GatewayStatus>().ProducesReadProblems().RequireRole(AdminRole.Viewer);
    }
}

internal sealed record GatewayStatus(string Version, long Revision, SnapshotStatus Snapshot, IReadOnlyList<ListenerStatus> Listeners, IReadOnlyList<ClusterStatusContract> Clusters, TcpTrafficStatus Tcp);

/// <param name="Version">Where the configuration in force came from, e.g. <c>revision 7</c>.</param>
/// <param name="AgeSeconds">How long ago it was applied.</param>
internal sealed record SnapshotStatus(string Version, long Generation, DateTimeOffset CreatedUtc, double AgeSeconds);

/// <param name="State"><c>bound</c>, <c>binding</c> (a change is being applied) or <c>failed</c> (see <paramref name="Error"/>).</param>
/// <param name="Error">Why a failed listener could not bind its address; it is tried again when its address is free and at every configuration change.</param>
internal sealed record ListenerStatus(string Id, string Url, string Protocols, string State, string? Error);
