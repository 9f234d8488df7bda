using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Gateway.Core.Configuration;
using Microsoft.Extensions.Logging;

namespace Gateway.Health;

/// <summary>
/// The connect checks of one cluster: a round at once, then one every interval after the last
/// ended (a one-shot timer set again after each round, so rounds never overlap). A server in
/// maintenance is not checked; a check passes when the connection is made within the timeout.
/// </summary>
internal sealed partial class TcpClusterChecks : IDisposable
{
    private readonly ServerHealthTable _health;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly ITimer _timer;
    private volatile ClusterConfig _cluster;

    private TcpClusterChecks(ClusterConfig cluster, HealthCheckConfig check, ServerHealthTable health, TimeProvider time, ILogger logger)
    {
        _cluster = cluster;
        Check = check;
        _health = health;
        _time = time;
        _logger = logger;
        _timer = time.CreateTimer(static state => _ = ((TcpClusterChecks)state!).RoundAsync(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public HealthCheckConfig Check { get; }

    /// <summary>The cluster as the latest snapshot has it: its servers may change while the check stays.</summary>
    public ClusterConfig Cluster
    {
        get => _cluster;
        set => _cluster = value;
    }

    public static TcpClusterChecks Start(ClusterConfig cluster, ServerHealthTable health, TimeProvider time, ILogger logger)
    {
        var checks = new TcpClusterChecks(cluster, cluster.HealthCheck!, health, time, logger);
        _ = checks.RoundAsync();
        return checks;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _timer.Dispose();
    }

    /// <remarks>
    /// Runs from the timer with nobody awaiting it, so whatever goes wrong in a round (a socket that
    /// cannot even be created when the process is out of file descriptors, say) is logged and the
    /// next round is still set: otherwise the cluster's checks would stop for good, leaving its
    /// servers frozen in whatever health they last had.
    /// </remarks>
    private async Task RoundAsync()
    {
        var cluster = _cluster;
        var stopped = false;
        try
        {
            var servers = cluster.Servers.Where(s => s.State != ServerState.Maintenance).ToList();
            var failures = await Task.WhenAll(servers.Select(ProbeAsync));
            if (_stop.IsCancellationRequested)
            {
                stopped = true;
                return; // the check was removed or changed while this round ran; its records are gone and stay gone
            }

            var now = _time.GetUtcNow();
            for (var i = 0; i < servers.Count; i++)
            {
                var before = _health.Get(cluster.Id, servers[i].Id).Status;
                var after = _health.Record(cluster.Id, servers[i].Id, failures[i], Check.Rise, Check.Fall, now);
                if (after.Status != before && !(before == ServerHealthStatus.NotChecked && after.Status == ServerHealthStatus.Up))
                {
                    LogHealthChanged(_logger, cluster.Id, servers[i].Id, after.Status.ToString().ToLowerInvariant(), after.LastFailure ?? "connected");
                }
            }
        }
        catch (ObjectDisposedException)
        {
            stopped = true;
        }
        catch (Exception ex) when (!_stop.IsCancellationRequested)
        {
            LogRoundFailed(_logger, cluster.Id, ex);
        }
        finally
        {
            if (!stopped && !_stop.IsCancellationRequested)
            {
                ScheduleNextRound();
            }
        }
    }

    private void ScheduleNextRound()
    {
        try
        {
            _timer.Change(Check.Interval, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Null when a connection was made in time; otherwise why not, in words for the status page.</summary>
    private async Task<string?> ProbeAsync(ServerConfig server)
    {
        if (!TcpServerAddress.TryParse(server.Address, out var address))
        {
            return "not a tcp:// address";
        }

        using var timeout = new CancellationTokenSource(Check.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stop.Token);
        try
        {
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            if (IPAddress.TryParse(address.Host, out var ip))
            {
                await socket.ConnectAsync(new IPEndPoint(ip, address.Port), linked.Token);
            }
            else
            {
                await socket.ConnectAsync(address.Host, address.Port, linked.Token);
            }

            return null;
        }
        catch (OperationCanceledException)
        {
            return $"timed out after {Check.Timeout.ToString("c", CultureInfo.InvariantCulture)}";
        }
        catch (SocketException ex)
        {
            return $"connection failed: {ex.SocketErrorCode}";
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Cluster {Cluster}: a round of TCP connect checks failed; the next round runs at the usual interval.")]
    private static partial void LogRoundFailed(ILogger logger, string cluster, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster {Cluster}: server {Server} is {Status} by its TCP connect check ({Detail}).")]
    private static partial void LogHealthChanged(ILogger logger, string cluster, string server, string status, string detail);
}
