using Gateway.Core.Configuration;
using Gateway.Status;

namespace Gateway.Admin.Ui.Services;

/// <summary>
/// The overview's TCP-mode counters: one row per TCP listener and per server of the clusters they send to,
/// in configuration order. Empty when no listener is in TCP mode.
/// </summary>
internal sealed record TcpOverview(IReadOnlyList<TcpTrafficView> Listeners, IReadOnlyList<TcpTrafficView> Servers)
{
    public static TcpOverview Empty { get; } = new([], []);

    internal static TcpOverview Read(GatewayConfig config, IGatewayStatus traffic)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(traffic);
        var tcpListeners = config.Listeners.Where(l => l.Mode == ListenerMode.Tcp).ToList();
        if (tcpListeners.Count == 0)
        {
            return Empty;
        }

        var listeners = tcpListeners
            .Select(l => (l.Id, Counts: traffic.TcpListener(l.Id)))
            .Select(x => new TcpTrafficView(x.Id, x.Counts.Connections, x.Counts.Active, x.Counts.BytesIn, x.Counts.BytesOut, x.Counts.NoServer))
            .ToList();
        var clusters = tcpListeners.Select(l => l.DefaultCluster).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var servers = config.Clusters
            .Where(c => clusters.Contains(c.Id))
            .SelectMany(c => c.Servers.Select(s => (Key: $"{c.Id}/{s.Id}", Counts: traffic.TcpServer(c.Id, s.Id))))
            .Select(x => new TcpTrafficView(x.Key, x.Counts.Connections, x.Counts.Active, x.Counts.BytesSent, x.Counts.BytesReceived, x.Counts.ConnectFailures))
            .ToList();
        return new TcpOverview(listeners, servers);
    }
}

/// <param name="Id">A listener id, or <c>cluster/server</c>.</param>
/// <param name="BytesIn">From clients (a listener) or sent to the server (a server).</param>
/// <param name="Failures">Connections closed for want of a reachable server (a listener) or failed connects (a server).</param>
public sealed record TcpTrafficView(string Id, long Connections, long Open, long BytesIn, long BytesOut, long Failures);
