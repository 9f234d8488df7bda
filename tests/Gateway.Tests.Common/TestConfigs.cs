using Gateway.Core.Configuration;

namespace Gateway.Tests.Common;

/// <summary>Small documents tests start from.</summary>
public static class TestConfigs
{
    public static ListenerConfig Listener(string id = "web") => new() { Id = id, Address = "127.0.0.1:0" };

    public static ClusterConfig Cluster(string id, params BackendServer[] servers) => new()
    {
        Id = id,
        Servers = [.. servers.Select(s => new ServerConfig { Id = s.Name, Address = s.Url })],
    };

    public static RouteConfig Route(string id, string cluster, string? path = "/{**catch-all}") => new() { Id = id, Cluster = cluster, Path = path };

    /// <summary>One listener "web", one catch-all route "all" to cluster "backend" holding <paramref name="servers"/>.</summary>
    public static GatewayConfig OneRoute(params BackendServer[] servers) => new()
    {
        Listeners = [Listener()],
        Routes = [Route("all", "backend")],
        Clusters = [Cluster("backend", servers)],
    };

    /// <summary>One listener "web" served by the HTTP/1.1 core, one catch-all route "all" to cluster "c" with the one server at <paramref name="serverUrl"/>.</summary>
    public static GatewayConfig CoreToOneServer(string serverUrl) => new()
    {
        Listeners = [Listener() with { Http1Core = true }],
        Routes = [Route("all", "c")],
        Clusters = [new ClusterConfig { Id = "c", Servers = [new ServerConfig { Id = "s", Address = serverUrl }] }],
    };
}
