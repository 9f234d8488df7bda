using System.Reflection;
using Gateway.Admin.Api.Http;
using Gateway.Admin.Api.Security;
using Gateway.Admin.Store;
using Gateway.Admin.Store.Accounts;
using Gateway.Connections;
using Gateway.Listeners;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Gateway.Model;
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
        api.MapGet("/status", (HttpContext context, ConfigStore store, IGatewaySnapshotAccessor snapshots, IGatewayListeners listeners, IGatewayStatus status, IServerStatusTable servers, TimeProvider time) =>
            {
                var revision = store.Read().Revision;
                var snapshot = snapshots.Current;
                RevisionTags.Set(context.Response, revision);
                return TypedResults.Json(new GatewayStatus(
                    Version,
                    revision,
                    new SnapshotStatus(snapshot.Version, snapshot.Generation, snapshot.CreatedAt, Math.Max(0, (time.GetUtcNow() - snapshot.CreatedAt).TotalSeconds)),
                    [.. listeners.All.Select(l => new ListenerStatus(l.Id, l.Url.ToString(), l.Protocols.ToString(), l.State.ToString().ToLowerInvariant(), l.Error, ListenerConnectionStatus.From(status.Connections(l.Id))))],
                    ClusterStatusContracts.From(servers.GetClusters()),
                    TcpTrafficContracts.From(snapshot.Config, status)), ApiJson.Options);
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
