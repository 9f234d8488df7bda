using Gateway.Core.Configuration;
using Gateway.Health;

namespace Gateway.Tcp;

/// <summary>A server that may take a new TCP-mode connection.</summary>
/// <param name="Weight">Relative share for the balance algorithm (<see cref="ServerConfig.Weight"/>); above 0 for every candidate.</param>
internal sealed record TcpCandidate(string ClusterId, ServerConfig Server, TcpServerAddress Address, TcpServerTraffic Traffic, int Weight = ServerConfig.DefaultWeight);

/// <summary>
/// Decides which of a cluster's servers may take a new TCP-mode connection: the one seam where
/// server weights, backup servers and active health checks join selection. The balance
/// algorithm then picks among what this returns, in the order returned.
/// </summary>
internal interface ITcpServerCandidates
{
    IReadOnlyList<TcpCandidate> Candidates(ClusterConfig cluster, DateTimeOffset now);
}

/// <summary>
/// The same servers HTTP mode would offer (see <see cref="ServerAvailabilityPolicy"/>): ready, of a
/// weight above 0 and not down by the cluster's health check; backups only while no other server
/// is left. TCP mode adds its passive check: a server whose connect failed recently is left out
/// too. When every such server is marked down by a failed connect they are offered anyway
/// (primaries before backups): the mark is a guess from one failure, and refusing every client for
/// the rest of the period would turn one restart of the only server into an outage.
/// </summary>
internal sealed class ReadyTcpServerCandidates(TcpTrafficTable traffic, ServerHealthTable health) : ITcpServerCandidates
{
    public IReadOnlyList<TcpCandidate> Candidates(ClusterConfig cluster, DateTimeOffset now)
    {
        var primaries = new List<TcpCandidate>(cluster.Servers.Count);
        List<TcpCandidate>? backups = null;
        List<TcpCandidate>? markedPrimaries = null;
        List<TcpCandidate>? markedBackups = null;
        foreach (var server in cluster.Servers)
        {
            if (server.State != ServerState.Ready || server.Weight <= 0 || !TcpServerAddress.TryParse(server.Address, out var address)
                || (cluster.HealthCheck is not null && health.Get(cluster.Id, server.Id).Status == ServerHealthStatus.Down))
            {
                continue;
            }

            var candidate = new TcpCandidate(cluster.Id, server, address, traffic.Server(cluster.Id, server.Id), server.Weight);
            var list = (candidate.Traffic.IsDown(now), server.Backup) switch
            {
                (false, false) => primaries,
                (false, true) => backups ??= [],
                (true, false) => markedPrimaries ??= [],
                (true, true) => markedBackups ??= [],
            };
            list.Add(candidate);
        }

        return primaries.Count > 0 ? primaries
            : backups is not null ? backups
            : markedPrimaries is not null ? markedPrimaries
            : markedBackups ?? primaries;
    }
}
