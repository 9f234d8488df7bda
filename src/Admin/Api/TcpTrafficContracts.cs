using Gateway.Core.Configuration;
using Gateway.Status;

namespace Gateway.Admin.Api;

/// <summary>The status API's view of <see cref="IGatewayStatus"/>'s TCP counters: each TCP-mode listener and each server of a tcp:// cluster of the configuration in force, sorted by id.</summary>
internal static class TcpTrafficContracts
{
    public static TcpTrafficStatus From(GatewayConfig config, IGatewayStatus status) => new(
        [.. config.Listeners
            .Where(l => l.Mode == ListenerMode.Tcp)
            .OrderBy(l => l.Id, StringComparer.OrdinalIgnoreCase)
            .Select(l => Listener(l.Id, status.TcpListener(l.Id)))],
        [.. config.Clusters
            .Where(c => c.Servers.Any(s => TcpServerAddress.IsTcp(s.Address)))
            .OrderBy(c => c.Id, StringComparer.OrdinalIgnoreCase)
            .SelectMany(c => c.Servers.OrderBy(s => s.Id, StringComparer.OrdinalIgnoreCase).Select(s => (Cluster: c.Id, Server: s.Id)))
            .Select(k => Server(k.Cluster, k.Server, status.TcpServer(k.Cluster, k.Server)))]);

    private static TcpListenerTrafficContract Listener(string id, TcpListenerCounts t) =>
        new(id, t.Connections, t.Active, t.NoServer, t.BytesIn, t.BytesOut);

    private static TcpServerTrafficContract Server(string cluster, string server, TcpServerCounts t) =>
        new(cluster, server, t.Connections, t.Active, t.ConnectFailures, t.BytesSent, t.BytesReceived);
}

/// <summary>Counters since each listener or server joined the configuration (or the gateway started).</summary>
internal sealed record TcpTrafficStatus(IReadOnlyList<TcpListenerTrafficContract> Listeners, IReadOnlyList<TcpServerTrafficContract> Servers);

/// <param name="Connections">Connections forwarded to a server.</param>
/// <param name="Active">Connections open now.</param>
/// <param name="NoServer">Connections closed because no server of the cluster could be reached.</param>
/// <param name="BytesIn">Bytes from clients towards servers.</param>
/// <param name="BytesOut">Bytes from servers towards clients.</param>
internal sealed record TcpListenerTrafficContract(string Id, long Connections, long Active, long NoServer, long BytesIn, long BytesOut);

/// <param name="ConnectFailures">Connects that failed; each leaves the server out of selection for a while (passive health).</param>
/// <param name="BytesSent">Bytes sent to the server (the clients').</param>
/// <param name="BytesReceived">Bytes received from the server.</param>
internal sealed record TcpServerTrafficContract(string Cluster, string Server, long Connections, long Active, long ConnectFailures, long BytesSent, long BytesReceived);
