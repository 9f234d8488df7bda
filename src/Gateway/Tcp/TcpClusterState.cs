using Gateway.LoadBalancing;

namespace Gateway.Tcp;

/// <summary>
/// A cluster's selection state that outlives snapshots: the <see cref="WeightedPlan"/> of the
/// servers that took the last connection. Candidates are listed anew for each connection, so the
/// plan is kept while they stay the same servers with the same weights, and built again (its
/// round-robin starting over, as in HTTP mode) when health, state or configuration changes them.
/// </summary>
internal sealed class TcpClusterState
{
    private volatile Entry? _current;

    public WeightedPlan Plan(IReadOnlyList<TcpCandidate> candidates)
    {
        var current = _current;
        if (current is not null && current.Matches(candidates))
        {
            return current.Plan;
        }

        var ids = new string[candidates.Count];
        var weights = new int[candidates.Count];
        for (var i = 0; i < candidates.Count; i++)
        {
            ids[i] = candidates[i].Server.Id;
            weights[i] = candidates[i].Weight;
        }

        var next = new Entry(ids, weights, new WeightedPlan(weights));
        _current = next;
        return next.Plan;
    }

    private sealed record Entry(string[] Ids, int[] Weights, WeightedPlan Plan)
    {
        public bool Matches(IReadOnlyList<TcpCandidate> candidates)
        {
            if (candidates.Count != Ids.Length)
            {
                return false;
            }

            for (var i = 0; i < Ids.Length; i++)
            {
                if (candidates[i].Weight != Weights[i] || !string.Equals(candidates[i].Server.Id, Ids[i], StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
