namespace Gateway.LoadBalancing;

/// <summary>
/// The weights of one list of available servers and the selection state over them: smooth
/// weighted round-robin and weighted random. Free of YARP, so HTTP mode (through
/// <see cref="WeightedDestinations"/>) and TCP mode pick by the same arithmetic. A new list of
/// servers gets a new plan, so the round-robin position starts over, as with a changed server set in HAProxy.
/// </summary>
internal sealed class WeightedPlan
{
    private readonly SmoothWeightedRoundRobin _roundRobin;
    private int _uniformCounter = -1;

    public WeightedPlan(int[] weights)
    {
        Weights = weights;
        Cumulative = WeightedSelection.Cumulative(Weights);
        Total = Cumulative.Length == 0 ? 0 : Cumulative[^1];
        Uniform = Total > 0 && Array.TrueForAll(Weights, w => w == Weights[0]);
        _roundRobin = new SmoothWeightedRoundRobin(Weights);
    }

    public int[] Weights { get; }

    public int[] Cumulative { get; }

    /// <summary>Sum of the weights; 0 means no server may take new traffic.</summary>
    public int Total { get; }

    /// <summary>Every weight is the same and above 0: the plain algorithms apply, without the weighted bookkeeping.</summary>
    public bool Uniform { get; }

    /// <summary>The next server's index by smooth weighted round-robin, or -1 when every weight is 0.</summary>
    public int NextRoundRobin()
    {
        if (Uniform)
        {
            var next = (uint)Interlocked.Increment(ref _uniformCounter);
            return (int)(next % (uint)Weights.Length);
        }

        return _roundRobin.Next();
    }

    /// <summary>A server's index drawn at random in proportion to its weight, or -1 when every weight is 0.</summary>
    public int NextRandom() =>
        Total == 0 ? -1
        : Uniform ? Random.Shared.Next(Weights.Length)
        : WeightedSelection.IndexOf(Cumulative, Random.Shared.Next(Total));

    /// <summary>Least load for its weight ((load + 1) / weight), the first such on a tie; -1 when every weight is 0.</summary>
    /// <param name="load">What each server carries now (requests in flight, open connections); a static lambda, so nothing is allocated.</param>
    public int Lightest<T>(IReadOnlyList<T> servers, Func<T, long> load)
    {
        var best = -1;
        for (var i = 0; i < Weights.Length; i++)
        {
            if (best < 0 ? Weights[i] > 0 : WeightedSelection.IsLighter(load(servers[i]), Weights[i], load(servers[best]), Weights[best]))
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>Power of two choices: two different servers drawn at random by weight, the less loaded of the two for its weight; -1 when every weight is 0.</summary>
    public int LighterOfTwo<T>(IReadOnlyList<T> servers, Func<T, long> load)
    {
        var first = NextRandom();
        if (first < 0)
        {
            return -1;
        }

        // The second is drawn by weight among the others, so the two are distinct whenever another server has a weight.
        var rest = Total - Weights[first];
        if (rest <= 0)
        {
            return first;
        }

        var point = Random.Shared.Next(rest);
        if (point >= Cumulative[first] - Weights[first])
        {
            point += Weights[first];
        }

        var second = WeightedSelection.IndexOf(Cumulative, point);
        return WeightedSelection.IsLighter(load(servers[second]), Weights[second], load(servers[first]), Weights[first]) ? second : first;
    }
}
