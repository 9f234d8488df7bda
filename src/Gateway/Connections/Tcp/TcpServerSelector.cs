using Gateway.Core.Configuration;

namespace Gateway.Connections.Tcp;

/// <summary>The cluster's balance algorithm applied to TCP connections: which candidate gets the next one.</summary>
internal static class TcpServerSelector
{
    /// <summary>Removes and returns the candidate the algorithm picks; the rest stay for a retry.</summary>
    public static TcpCandidate Take(string algorithm, List<TcpCandidate> candidates, TcpClusterState state)
    {
        var index = candidates.Count == 1 ? 0 : algorithm.ToLowerInvariant() switch
        {
            LoadBalancingNames.Random => Random.Shared.Next(candidates.Count),
            LoadBalancingNames.LeastRequests => Fewest(candidates),
            LoadBalancingNames.PowerOfTwoChoices => TwoChoices(candidates),
            LoadBalancingNames.First => FirstById(candidates),
            _ => state.NextRoundRobin() % candidates.Count,
        };
        var chosen = candidates[index];
        candidates.RemoveAt(index);
        return chosen;
    }

    private static int Fewest(List<TcpCandidate> candidates)
    {
        var best = 0;
        for (var i = 1; i < candidates.Count; i++)
        {
            if (candidates[i].Traffic.Active < candidates[best].Traffic.Active)
            {
                best = i;
            }
        }

        return best;
    }

    private static int TwoChoices(List<TcpCandidate> candidates)
    {
        var a = Random.Shared.Next(candidates.Count);
        var b = Random.Shared.Next(candidates.Count - 1);
        if (b >= a)
        {
            b++;
        }

        return candidates[b].Traffic.Active < candidates[a].Traffic.Active ? b : a;
    }

    // As YARP's FirstAlphabetical, which the same name selects for HTTP clusters.
    private static int FirstById(List<TcpCandidate> candidates)
    {
        var best = 0;
        for (var i = 1; i < candidates.Count; i++)
        {
            if (string.Compare(candidates[i].Server.Id, candidates[best].Server.Id, StringComparison.OrdinalIgnoreCase) < 0)
            {
                best = i;
            }
        }

        return best;
    }
}
