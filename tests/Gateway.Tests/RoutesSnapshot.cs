using Gateway.Core.Configuration;
using Gateway.Core.Rules.Compilation;
using Gateway.Model;

namespace Gateway.Tests;

/// <summary>A snapshot of routes <c>/{id}</c> to one cluster <c>api</c>, for tests of state kept per route, cluster or server.</summary>
internal static class RoutesSnapshot
{
    /// <summary>The routes to <c>api</c>, whose one server is <c>a</c>.</summary>
    public static GatewaySnapshot Of(params string[] routes) => WithServers(["a"], routes);

    /// <summary>The routes to <c>api</c>, whose servers are <paramref name="servers"/> (all at 127.0.0.1:9, never dialled).</summary>
    public static GatewaySnapshot WithServers(string[] servers, params string[] routes) => new(
        new GatewayConfig
        {
            Routes = [.. routes.Select(r => new RouteConfig { Id = r, Path = $"/{r}", Cluster = "api" })],
            Clusters = [new ClusterConfig { Id = "api", Servers = [.. servers.Select(s => new ServerConfig { Id = s, Address = "http://127.0.0.1:9/" })] }],
        },
        "revision 1", 1, DateTimeOffset.UnixEpoch, [], [], [], DocumentRules.Empty);
}
