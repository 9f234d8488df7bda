using System.Runtime.CompilerServices;
using Gateway.Core.Configuration;
using Gateway.Http1.Routing;
using Gateway.Model;

namespace Gateway.Http1.Proxy;

/// <summary>
/// Whether the core serves a listener under a snapshot, and its route table. Worked out once per snapshot and
/// listener. A listener the core cannot serve exactly as the Kestrel path would (a route only routing can match, a
/// server over https or with a path, send-proxy clusters) is left to Kestrel whole, and the reason is kept.
/// </summary>
internal sealed class Http1Plan
{
    private static readonly ConditionalWeakTable<GatewaySnapshot, Dictionary<string, Http1Plan>> Plans = new();

    private Http1Plan(Http1RouteTable? routes, string? notServed)
    {
        Routes = routes;
        NotServed = notServed;
    }

    public Http1RouteTable? Routes { get; }

    /// <summary>Why the core leaves this listener to Kestrel; null when it serves it.</summary>
    public string? NotServed { get; }

    public static Http1Plan For(GatewaySnapshot snapshot, string listenerId, bool onByDefault)
    {
        var plans = Plans.GetValue(snapshot, static _ => new Dictionary<string, Http1Plan>(StringComparer.OrdinalIgnoreCase));
        lock (plans)
        {
            if (!plans.TryGetValue(listenerId, out var plan))
            {
                plan = Build(snapshot, listenerId, onByDefault);
                plans[listenerId] = plan;
            }

            return plan;
        }
    }

    private static Http1Plan Build(GatewaySnapshot snapshot, string listenerId, bool onByDefault)
    {
        var listener = snapshot.Listener(listenerId);
        if (listener is null || listener.Mode != ListenerMode.Http)
        {
            return new Http1Plan(null, "not an HTTP listener");
        }

        if (!listener.Protocols.HasFlag(ListenerProtocols.Http1))
        {
            return new Http1Plan(null, "the listener does not serve HTTP/1.1");
        }

        if (!(listener.Http1Core ?? onByDefault))
        {
            return new Http1Plan(null, "the HTTP/1.1 core is off for this listener");
        }

        foreach (var cluster in snapshot.Config.Clusters)
        {
            if (cluster.SendProxy != SendProxy.None)
            {
                return new Http1Plan(null, $"cluster {cluster.Id} sends a PROXY header");
            }

            foreach (var server in cluster.Servers)
            {
                if (!TcpServerAddress.IsTcp(server.Address) && !ServerEndpoint.Supports(server.Address))
                {
                    return new Http1Plan(null, $"server {cluster.Id}/{server.Id} is not plain http://host:port");
                }
            }
        }

        var routes = Http1RouteTable.Build(snapshot.Config, listenerId, out var reason);
        return new Http1Plan(routes, reason);
    }
}
