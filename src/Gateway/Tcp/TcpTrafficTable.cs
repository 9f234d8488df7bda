using System.Diagnostics.Metrics;
using Gateway.Core.Configuration;
using Gateway.Core.Tracking;
using Gateway.Model;

namespace Gateway.Tcp;

/// <summary>
/// TCP-mode counters for the status page and the admin UI, per listener and per server, and the
/// same as metrics (meter <c>Gateway.Tcp</c>). Entities that leave the configuration lose theirs.
/// </summary>
internal sealed class TcpTrafficTable : IDisposable
{
    private readonly EntityStateTable<TcpListenerTraffic> _listeners = new(_ => new TcpListenerTraffic());
    private readonly EntityStateTable<TcpServerTraffic> _servers = new(_ => new TcpServerTraffic());
    private readonly EntityStateTable<TcpClusterState> _clusters = new(_ => new TcpClusterState());
    private readonly Meter _meter;

    internal TcpTrafficTable(SnapshotHolder holder, IMeterFactory meters)
    {
        _meter = meters.Create("Gateway.Tcp");
        ListenerBytes = _meter.CreateCounter<long>("gateway.tcp.listener.bytes", "By", "Bytes forwarded by TCP-mode listeners; direction in (client to server) or out.");
        ServerBytes = _meter.CreateCounter<long>("gateway.tcp.server.bytes", "By", "Bytes exchanged with servers of TCP-mode clusters; direction sent or received.");
        Connections = _meter.CreateCounter<long>("gateway.tcp.connections", description: "Connections forwarded by TCP-mode listeners.");
        NoServer = _meter.CreateCounter<long>("gateway.tcp.no_server", description: "TCP-mode connections closed because no server could be reached.");
        holder.Subscribe(Retain);
    }

    public IReadOnlyCollection<KeyValuePair<string, TcpListenerTraffic>> Listeners => _listeners.Entries;

    /// <summary>Keyed <c>cluster/server</c>.</summary>
    public IReadOnlyCollection<KeyValuePair<string, TcpServerTraffic>> Servers => _servers.Entries;

    internal Counter<long> ListenerBytes { get; }

    internal Counter<long> ServerBytes { get; }

    internal Counter<long> Connections { get; }

    internal Counter<long> NoServer { get; }

    public TcpListenerTraffic Listener(string listenerId) => _listeners.GetOrAdd(listenerId);

    public TcpServerTraffic Server(string clusterId, string serverId) => _servers.GetOrAdd(ServerKey(clusterId, serverId));

    internal TcpClusterState Cluster(string clusterId) => _clusters.GetOrAdd(clusterId);

    public void Dispose() => _meter.Dispose();

    private static string ServerKey(string clusterId, string serverId) => $"{clusterId}/{serverId}";

    private void Retain(GatewaySnapshot snapshot)
    {
        var config = snapshot.Config;
        _listeners.Retain(config.Listeners.Where(l => l.Mode == ListenerMode.Tcp).Select(l => l.Id).ToHashSet(StringComparer.OrdinalIgnoreCase));
        _clusters.Retain(config.Clusters.Select(c => c.Id).ToHashSet(StringComparer.OrdinalIgnoreCase));
        _servers.Retain(config.Clusters.SelectMany(c => c.Servers.Select(s => ServerKey(c.Id, s.Id))).ToHashSet(StringComparer.OrdinalIgnoreCase));
    }
}
