using Gateway.Core.Configuration;

namespace Gateway.Tcp;

/// <summary>
/// The cluster's balance algorithm applied to TCP connections: which candidate gets the next one.
/// Weighted as in HTTP mode, by the same <see cref="LoadBalancing.WeightedPlan"/>; open connections
/// stand for requests in flight.
/// </summary>
internal static class TcpServerSelector
{
    /// <summary>Removes and returns the candidate the algorithm picks; the rest stay for a retry.</summary>
    public static TcpCandidate Take(string algorithm, List<TcpCandidate> candidates, TcpClusterState state)
    {
        var index = 0;
        if (candidates.Count > 1)
        {
            var plan = state.Plan(candidates);
            index = algorithm.ToLowerInvariant() switch
            {
                LoadBalancingNames.Random => plan.NextRandom(),
                LoadBalancingNames.LeastRequests => plan.Lightest(candidates, static c => c.Traffic.Active),
                LoadBalancingNames.PowerOfTwoChoices => plan.LighterOfTwo(candidates, static c => c.Traffic.Active),
                LoadBalancingNames.First => FirstById(candidates),
                _ => plan.NextRoundRobin(),
            };
        }

        // Candidates all have a weight above 0 (see ITcpServerCandidates), so -1 is not expected; take the first rather than fail.
        var chosen = candidates[Math.Max(0, index)];
        candidates.RemoveAt(Math.Max(0, index));
        return chosen;
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
