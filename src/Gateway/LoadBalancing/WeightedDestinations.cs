using System.Runtime.CompilerServices;
using Yarp.ReverseProxy.Model;

namespace Gateway.LoadBalancing;

/// <summary>
/// The <see cref="WeightedPlan"/> of one list of available YARP destinations, with the weights read
/// once from their metadata. YARP keeps a cluster's list of available destinations as one object
/// until health or configuration changes it, so the plan is looked up by that object and built
/// again only when the list is replaced.
/// </summary>
internal static class WeightedDestinations
{
    private static readonly ConditionalWeakTable<IReadOnlyList<DestinationState>, WeightedPlan> ByList = [];

    public static WeightedPlan For(IReadOnlyList<DestinationState> destinations) =>
        ByList.GetValue(destinations, static list =>
        {
            var weights = new int[list.Count];
            for (var i = 0; i < weights.Length; i++)
            {
                weights[i] = ServerMetadata.Weight(list[i].Model.Config);
            }

            return new WeightedPlan(weights);
        });
}
