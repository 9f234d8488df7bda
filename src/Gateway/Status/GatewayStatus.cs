using Gateway.Connections;
using Gateway.Forwarding;
using Gateway.Tcp;

namespace Gateway.Status;

/// <summary>Reads the live counter tables into the copies <see cref="IGatewayStatus"/> hands out.</summary>
internal sealed class GatewayStatus(ConnectionCounters connections, RouteTrafficTable routes, ClusterTrafficTable clusters, TcpTrafficTable tcp) : IGatewayStatus
{
    public ListenerConnectionCounts Connections(string listenerId) => new(
        connections.Active(listenerId),
        connections.Waiting(listenerId),
        connections.RefusedOverLimit(listenerId),
        connections.Rejected(listenerId),
        connections.ProxyProtocolErrors(listenerId),
        connections.TlsRefused(listenerId));

    public RequestCounts Route(string routeId) => Counts(routes.Get(routeId));

    public RequestCounts Cluster(string clusterId) => Counts(clusters.Get(clusterId));

    public TcpListenerCounts TcpListener(string listenerId)
    {
        var traffic = tcp.Listener(listenerId);
        return new(traffic.Connections, traffic.Active, traffic.NoServer, traffic.BytesIn, traffic.BytesOut);
    }

    public TcpServerCounts TcpServer(string clusterId, string serverId)
    {
        var traffic = tcp.Server(clusterId, serverId);
        return new(traffic.Connections, traffic.Active, traffic.ConnectFailures, traffic.BytesSent, traffic.BytesReceived, traffic.DownUntil);
    }

    private static RequestCounts Counts(RequestCounters counters) => new(counters.Requests, counters.ServerErrors);
}
