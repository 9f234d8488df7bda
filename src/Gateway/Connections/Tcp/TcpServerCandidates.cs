using Gateway.Core.Configuration;

namespace Gateway.Connections.Tcp;

/// <summary>A server that may take a new TCP-mode connection.</summary>
/// <param name="Weight">Relative share for weighted algorithms; 1 for every server until servers carry weights.</param>
public sealed record TcpCandidate(string ClusterId, ServerConfig Server, TcpServerAddress Address, TcpServerTraffic Traffic, int Weight = 1);

/// <summary>
/// Decides which of a cluster's servers may take a new TCP-mode connection: the one seam where
/// server weights, backup servers and active health checks join selection. The balance
/// algorithm then picks among what this returns, in the order returned.
/// </summary>
public interface ITcpServerCandidates
{
    IReadOnlyList<TcpCandidate> Candidates(ClusterConfig cluster, DateTimeOffset now);
}

/// <summary>
/// Ready servers that are not marked down by a recent failed connect. When every ready server is
/// marked down they are all offered anyway: the mark is a guess from one failure, and refusing
/// every client for the rest of the period would turn one restart of the only server into an outage.
/// </summary>
internal sealed class ReadyTcpServerCandidates(TcpTrafficTable traffic) : ITcpServerCandidates
{
    public IReadOnlyList<TcpCandidate> Candidates(ClusterConfig cluster, DateTimeOffset now)
    {
        var ready = new List<TcpCandidate>(cluster.Servers.Count);
        var up = 0;
        foreach (var server in cluster.Servers)
        {
            if (server.State != ServerState.Ready || !TcpServerAddress.TryParse(server.Address, out var address))
            {
                continue;
            }

            var candidate = new TcpCandidate(cluster.Id, server, address, traffic.Server(cluster.Id, server.Id));
            if (!candidate.Traffic.IsDown(now))
            {
                ready.Insert(up++, candidate);
            }
            else
            {
                ready.Add(candidate);
            }
        }

        // Up servers first; the down ones only if nothing else is left.
        return up > 0 ? ready.GetRange(0, up) : ready;
    }
}
