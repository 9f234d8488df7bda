using System.Runtime.CompilerServices;
using Yarp.ReverseProxy.Model;

namespace Gateway.LoadBalancing;

/// <summary>
/// The weights of one list of available destinations, read once from their metadata. YARP keeps
/// a cluster's list of available destinations as one object until health or configuration
/// changes it, so this is looked up by that object and built again only when the list is
/// replaced; the round-robin position starts over then, as with a changed server set in HAProxy.
/// </summary>
internal sealed class WeightedDestinations
{
    private static readonly ConditionalWeakTable<IReadOnlyList<DestinationState>, WeightedDestinations> ByList = [];

    private readonly SmoothWeightedRoundRobin _roundRobin;
    private int _uniformCounter = -1;

    private WeightedDestinations(IReadOnlyList<DestinationState> destinations)
    {
        Weights = new int[destinations.Count];
        for (var i = 0; i < Weights.Length; i++)
        {
            Weights[i] = ServerMetadata.Weight(destinations[i].Model.Config);
        }

        Cumulative = WeightedSelection.Cumulative(Weights);
        Total = Cumulative.Length == 0 ? 0 : Cumulative[^1];
        Uniform = Total > 0 && Array.TrueForAll(Weights, w => w == Weights[0]);
        _roundRobin = new SmoothWeightedRoundRobin(Weights);
    }

    public static WeightedDestinations For(IReadOnlyList<DestinationState> destinations) =>
        ByList.GetValue(destinations, static list => new WeightedDestinations(list));

    public int[] Weights { get; }

    public int[] Cumulative { get; }

    /// <summary>Sum of the weights; 0 means no destination may take new traffic.</summary>
    public int Total { get; }

    /// <summary>Every weight is the same and above 0: the plain algorithms apply, without the weighted bookkeeping.</summary>
    public bool Uniform { get; }

    public int NextRoundRobin()
    {
        if (Uniform)
        {
            var next = (uint)Interlocked.Increment(ref _uniformCounter);
            return (int)(next % (uint)Weights.Length);
        }

        return _roundRobin.Next();
    }

    public int NextRandom() =>
        Total == 0 ? -1
        : Uniform ? Random.Shared.Next(Weights.Length)
        : WeightedSelection.IndexOf(Cumulative, Random.Shared.Next(Total));
}
