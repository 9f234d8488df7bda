namespace Gateway.LoadBalancing;

/// <summary>
/// Smooth weighted round-robin (the algorithm nginx uses): on each pick every server's running
/// score grows by its weight, the highest score wins and gives back the total weight. Over any
/// run of <c>total weight</c> picks each server is chosen exactly <c>weight</c> times, spread out
/// rather than in bursts (weights 3:1 give a a b a, not a a a b). Thread-safe.
/// </summary>
internal sealed class SmoothWeightedRoundRobin
{
    private readonly int[] _weights;
    private readonly long[] _scores;
    private readonly long _total;
    private readonly Lock _lock = new();

    public SmoothWeightedRoundRobin(int[] weights)
    {
        _weights = weights;
        _scores = new long[weights.Length];
        foreach (var weight in weights)
        {
            _total += Math.Max(0, weight);
        }
    }

    /// <summary>The next server's index, or -1 when every weight is 0.</summary>
    public int Next()
    {
        if (_total == 0)
        {
            return -1;
        }

        lock (_lock)
        {
            var best = -1;
            for (var i = 0; i < _weights.Length; i++)
            {
                if (_weights[i] <= 0)
                {
                    continue;
                }

                _scores[i] += _weights[i];
                if (best < 0 || _scores[i] > _scores[best])
                {
                    best = i;
                }
            }

            _scores[best] -= _total;
            return best;
        }
    }
}
