using Gateway.Core.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Gateway.Model;

namespace Gateway.Health;

/// <summary>
/// Active health checks of clusters of tcp:// servers, which YARP never sees: a health check
/// without a path on such a cluster means "open a TCP connection to each server every interval".
/// Results go to <see cref="ServerHealthTable"/> with the cluster's rise and fall, like the HTTP
/// checks' results, so the status table shows them and TCP mode leaves down servers out.
/// One <see cref="TcpClusterChecks"/> per checked cluster, kept across snapshots while the check
/// stays the same.
/// </summary>
internal sealed class TcpHealthChecks(SnapshotHolder snapshots, ServerHealthTable health, TimeProvider time, ILogger<TcpHealthChecks> logger) : IHostedService, IDisposable
{
    private readonly Dictionary<string, TcpClusterChecks> _clusters = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _sync = new();
    private bool _started;
    private bool _stopped;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            _started = true;
        }

        snapshots.Subscribe(Apply);
        Apply(snapshots.Current);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        lock (_sync)
        {
            _stopped = true;
            foreach (var checks in _clusters.Values)
            {
                checks.Dispose();
            }

            _clusters.Clear();
        }
    }

    private void Apply(GatewaySnapshot snapshot)
    {
        lock (_sync)
        {
            if (!_started || _stopped)
            {
                return;
            }

            var wanted = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var cluster in snapshot.Config.Clusters)
            {
                if (cluster.HealthCheck is not { Path: null } check || !cluster.Servers.Any(s => TcpServerAddress.IsTcp(s.Address)))
                {
                    continue;
                }

                wanted.Add(cluster.Id);
                if (_clusters.TryGetValue(cluster.Id, out var running) && running.Check == check)
                {
                    running.Cluster = cluster;
                    continue;
                }

                running?.Dispose();
                _clusters[cluster.Id] = TcpClusterChecks.Start(cluster, health, time, logger);
            }

            foreach (var id in _clusters.Keys.Where(id => !wanted.Contains(id)).ToList())
            {
                _clusters[id].Dispose();
                _clusters.Remove(id);
            }
        }
    }
}
