using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Gateway.Core.Configuration;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Gateway.AccessLog;
using Gateway.Diagnostics;
using Gateway.Model;
using Gateway.ProxyProtocol;

namespace Gateway.Tcp;

/// <summary>
/// TCP mode: joins a client connection, already past maxconn, the PROXY header and the
/// tcp-request rules, to a server of the listener's default cluster. Servers are tried in the
/// order the balance algorithm picks them; one whose connect fails or times out is marked down
/// for <see cref="DownPeriod"/> and the next is tried.
/// </summary>
internal sealed partial class TcpForwarder(TcpTrafficTable traffic, ITcpServerCandidates candidates, TimeProvider time, ILogger<TcpForwarder> logger, AccessLogWriter accessLog)
{
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromHours(1);
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long a server whose connect failed is left out of selection (passive health).</summary>
    public static readonly TimeSpan DownPeriod = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(10);
    // Zero-byte reads: a server connection waits for data without a buffer and rents its 64 KiB only once bytes are
    // there, so an idle TCP-mode connection (a database client between queries) holds none; without them each held a
    // 64 KiB array for as long as it stayed open, and beyond the shared pool's 32 per core they were allocated anew.
    private static readonly StreamPipeReaderOptions ServerReadOptions = new(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true, useZeroByteReads: true);
    private readonly ConcurrentDictionary<string, LogLimiter> _noServerLogs = new(StringComparer.OrdinalIgnoreCase);
    private volatile ClusterIndex? _clusters;

    public async Task ForwardAsync(ConnectionContext client, string listenerId, ListenerConfig listener, GatewaySnapshot snapshot)
    {
        var acceptedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        var cluster = Cluster(snapshot, listener.DefaultCluster);
        var (server, candidate) = cluster is null ? (null, null) : await ConnectAsync(cluster);
        if (server is null || candidate is null)
        {
            LogSession(client, listenerId, listener.DefaultCluster, null, snapshot.Version, acceptedAt, started, null, "SC");
            NoServer(client, listenerId, listener.DefaultCluster);
            client.Abort(new ConnectionAbortedException("No server of the listener's cluster could be reached."));
            return;
        }

        var listenerTraffic = traffic.Listener(listenerId);
        listenerTraffic.OnConnected();
        candidate.Traffic.OnConnected();
        traffic.Connections.Add(1, new KeyValuePair<string, object?>("listener", listenerId));
        // Reads of up to 64 KiB from the server (the default is 4 KiB): fewer system calls per byte.
        var fromServer = PipeReader.Create(new NetworkStream(server, ownsSocket: false), ServerReadOptions);
        using var session = new TcpSession(traffic, listenerId, candidate, time, listener.IdleTimeout ?? DefaultIdleTimeout);
        var completed = false;
        var failure = "SD";
        try
        {
            if (cluster!.SendProxy != SendProxy.None)
            {
                var header = ProxyHeaderWriter.Write(cluster.SendProxy == SendProxy.V1 ? 1 : 2, client.RemoteEndPoint, client.LocalEndPoint);
                await server.SendAsync(header, SocketFlags.None);
            }

            completed = await session.RunAsync(client.Transport.Input, ByteSink.For(server), fromServer, ClientSink(client));
            failure = session.TimedOut ? "cD" : "SD";
            if (!completed)
            {
                LogSessionAborted(logger, listenerId, client.RemoteEndPoint?.ToString(), candidate.Server.Id, session.AbortReason);
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException)
        {
            LogSessionAborted(logger, listenerId, client.RemoteEndPoint?.ToString(), candidate.Server.Id, ex.Message);
        }
        finally
        {
            await fromServer.CompleteAsync();
            server.Dispose();
            if (!completed)
            {
                client.Abort(new ConnectionAbortedException("The TCP-mode session ended early."));
            }

            candidate.Traffic.OnClosed();
            listenerTraffic.OnClosed();
            LogSession(client, listenerId, cluster!.Id, candidate.Server.Id, snapshot.Version, acceptedAt, started, session, completed ? "--" : failure);
        }
    }

    /// <summary>The session's access-log line, written when it closes (<see cref="AccessLogWriter"/>).</summary>
    private void LogSession(ConnectionContext client, string listenerId, string? clusterId, string? serverId, string revision, DateTimeOffset acceptedAt, long started, TcpSession? session, string termination)
    {
        var format = accessLog.Options.FormatFor(listenerId);
        if (!AccessLogFormats.IsOn(format))
        {
            return;
        }

        var record = new AccessLogRecord
        {
            AcceptedAt = acceptedAt,
            Client = client.RemoteEndPoint?.ToString() ?? "-",
            Listener = listenerId,
            Mode = "tcp",
            BytesIn = session?.BytesFromClient ?? 0,
            BytesOut = session?.BytesFromServer ?? 0,
            Ta = (long)time.GetElapsedTime(started).TotalMilliseconds,
            Cluster = clusterId,
            Server = serverId,
            Termination = termination,
            Revision = revision,
        };
        accessLog.Enqueue(record, format);
    }

    /// <summary>
    /// The client's socket itself when the connection is plain TCP, so a FIN from the server can be
    /// passed on as a FIN (Kestrel's transport output cannot half-close); its output pipe otherwise.
    /// </summary>
    private static ByteSink ClientSink(ConnectionContext client) =>
        client.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket
        && client.Features.Get<ITlsConnectionFeature>() is null && client.Features.Get<ITlsHandshakeFeature>() is null
            ? ByteSink.For(socket)
            : ByteSink.For(client.Transport.Output);

    /// <remarks>
    /// Not cut short by the client's <c>ConnectionClosed</c>: Kestrel
    /// signals it on the client's FIN, and a client may well send everything and half-close before
    /// the server connection is up (a request piped into nc, say); its bytes still go through.
    /// When every candidate failed, the candidates are asked again: the failures marked those
    /// servers down, which may bring in backups (at most once per kind of candidate list).
    /// </remarks>
    private async Task<(Socket? Server, TcpCandidate? Candidate)> ConnectAsync(ClusterConfig cluster)
    {
        var state = traffic.Cluster(cluster.Id);
        var timeout = cluster.ConnectTimeout ?? DefaultConnectTimeout;
        HashSet<string>? tried = null;
        for (var round = 0; round < MaxCandidateRounds; round++)
        {
            var list = Untried(candidates.Candidates(cluster, time.GetUtcNow()), tried);
            if (list.Count == 0)
            {
                break;
            }

            while (list.Count > 0)
            {
                var candidate = TcpServerSelector.Take(cluster.LoadBalancing, list, state);
                (tried ??= new(StringComparer.OrdinalIgnoreCase)).Add(candidate.Server.Id);
                var socket = await TryConnectAsync(cluster.Id, candidate, timeout);
                if (socket is not null)
                {
                    return (socket, candidate);
                }
            }
        }

        return (null, null);
    }

    // Up primaries, up backups, then those marked down: each round may bring in the next kind.
    private const int MaxCandidateRounds = 3;

    private static List<TcpCandidate> Untried(IReadOnlyList<TcpCandidate> offered, HashSet<string>? tried)
    {
        var list = new List<TcpCandidate>(offered.Count);
        foreach (var candidate in offered)
        {
            if (tried is null || !tried.Contains(candidate.Server.Id))
            {
                list.Add(candidate);
            }
        }

        return list;
    }

    private async Task<Socket?> TryConnectAsync(string clusterId, TcpCandidate candidate, TimeSpan timeout)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timer = new CancellationTokenSource(timeout, time);
        try
        {
            await Connect(socket, candidate.Address, timer.Token);
            return socket;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            socket.Dispose();
            var now = time.GetUtcNow();
            var wasDown = candidate.Traffic.IsDown(now);
            candidate.Traffic.OnConnectFailed(now + DownPeriod);
            if (!wasDown)
            {
                // Logged when first marked down, not for every client while it stays down.
                LogConnectFailed(logger, clusterId, candidate.Server.Id, candidate.Address.ToString(),
                    timer.IsCancellationRequested ? $"no connection within {timeout.TotalSeconds:0.###} s" : ex.Message);
            }

            return null;
        }
    }

    private static ValueTask Connect(Socket socket, TcpServerAddress address, CancellationToken cancellationToken) =>
        IPAddress.TryParse(address.Host, out var ip)
            ? socket.ConnectAsync(new IPEndPoint(ip, address.Port), cancellationToken)
            : socket.ConnectAsync(address.Host, address.Port, cancellationToken);

    private void NoServer(ConnectionContext client, string listenerId, string? clusterId)
    {
        traffic.Listener(listenerId).OnNoServer();
        traffic.NoServer.Add(1, new KeyValuePair<string, object?>("listener", listenerId));
        var limiter = _noServerLogs.GetOrAdd(listenerId, _ => new LogLimiter(time, LogInterval));
        if (limiter.ShouldLog(out var suppressed))
        {
            LogNoServer(logger, listenerId, client.RemoteEndPoint?.ToString(), clusterId, suppressed);
        }
    }

    private ClusterConfig? Cluster(GatewaySnapshot snapshot, string? id)
    {
        if (id is null)
        {
            return null;
        }

        var index = _clusters;
        if (index is null || !ReferenceEquals(index.Snapshot, snapshot))
        {
            index = new ClusterIndex(snapshot, snapshot.Config.Clusters.ToFrozenDictionary(c => c.Id, StringComparer.OrdinalIgnoreCase));
            _clusters = index;
        }

        return index.ById.GetValueOrDefault(id);
    }

    private sealed record ClusterIndex(GatewaySnapshot Snapshot, FrozenDictionary<string, ClusterConfig> ById);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listener {Listener} closed a connection from {Client}: no server of cluster {Cluster} could be reached ({Suppressed} more such connection(s) not logged in the last 10 s).")]
    private static partial void LogNoServer(ILogger logger, string listener, string? client, string? cluster, int suppressed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster {Cluster}: connecting to server {Server} ({Address}) failed: {Error}; it is left out for 10 s.")]
    private static partial void LogConnectFailed(ILogger logger, string cluster, string server, string address, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Listener {Listener}: the connection from {Client} to server {Server} was closed early: {Reason}.")]
    private static partial void LogSessionAborted(ILogger logger, string listener, string? client, string server, string? reason);
}
