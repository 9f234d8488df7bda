using System.Collections.Concurrent;
using Gateway.Core.Configuration;
using Gateway.Model;

namespace Gateway.Health;

/// <summary>
/// Health of every checked server, keyed by cluster and server id so that it outlives snapshot
/// swaps that keep the server. A server that leaves the configuration, goes into maintenance (which
/// takes it out of YARP's destinations) or whose cluster stops checking loses its record and starts
/// again as not checked; should YARP still hold an older verdict for it, the next check replaces it
/// (see <see cref="RiseFallHealthPolicy"/>).
/// </summary>
internal sealed class ServerHealthTable
{
    private readonly ConcurrentDictionary<(string Cluster, string Server), ServerHealth> _records = new(ServerKeyComparer.Instance);

    public ServerHealthTable(SnapshotHolder snapshots)
    {
        snapshots.Subscribe(Prune);
    }

    public ServerHealth Get(string clusterId, string serverId) => _records.GetValueOrDefault((clusterId, serverId)) ?? ServerHealth.NotChecked;

    /// <summary>Records one check's result and returns the health it leaves the server in.</summary>
    public ServerHealth Record(string clusterId, string serverId, string? failure, int rise, int fall, DateTimeOffset now) =>
        _records.AddOrUpdate((clusterId, serverId),
            static (_, args) => Next(ServerHealth.NotChecked, args.failure, args.rise, args.fall, args.now),
            static (_, current, args) => Next(current, args.failure, args.rise, args.fall, args.now),
            (failure, rise, fall, now));

    /// <summary>
    /// Rise and fall as in HAProxy, starting from "not checked", in which a server already takes
    /// traffic: its first passed check makes it up at once, and <c>fall</c> failures in a row take it down.
    /// </summary>
    internal static ServerHealth Next(ServerHealth current, string? failure, int rise, int fall, DateTimeOffset now)
    {
        if (failure is null)
        {
            var successes = current.ConsecutiveSuccesses + 1;
            var up = current.Status == ServerHealthStatus.NotChecked || (current.Status == ServerHealthStatus.Down && successes >= rise);
            return current with
            {
                Status = up ? ServerHealthStatus.Up : current.Status,
                Since = up ? now : current.Since,
                LastCheckAt = now,
                ConsecutiveSuccesses = successes,
                ConsecutiveFailures = 0,
            };
        }

        var failures = current.ConsecutiveFailures + 1;
        var down = current.Status != ServerHealthStatus.Down && failures >= fall;
        return current with
        {
            Status = down ? ServerHealthStatus.Down : current.Status,
            Since = down ? now : current.Since,
            LastCheckAt = now,
            LastFailure = failure,
            LastFailureAt = now,
            ConsecutiveSuccesses = 0,
            ConsecutiveFailures = failures,
        };
    }

    private void Prune(GatewaySnapshot next)
    {
        var checkedServers = new HashSet<(string, string)>(ServerKeyComparer.Instance);
        foreach (var cluster in next.Config.Clusters)
        {
            if (cluster.HealthCheck is null)
            {
                continue;
            }

            foreach (var server in cluster.Servers)
            {
                if (server.State != ServerState.Maintenance)
                {
                    checkedServers.Add((cluster.Id, server.Id));
                }
            }
        }

        foreach (var key in _records.Keys)
        {
            if (!checkedServers.Contains(key))
            {
                _records.TryRemove(key, out _);
            }
        }
    }
}
