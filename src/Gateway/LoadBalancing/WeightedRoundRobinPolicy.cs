using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace Gateway.LoadBalancing;

/// <summary>Smooth weighted round-robin: exact shares by weight, interleaved.</summary>
internal sealed class WeightedRoundRobinPolicy : ILoadBalancingPolicy
{
    public string Name => WeightedLoadBalancingPolicies.RoundRobin;

    public DestinationState? PickDestination(HttpContext context, ClusterState cluster, IReadOnlyList<DestinationState> availableDestinations)
    {
        if (availableDestinations.Count <= 1)
        {
            return availableDestinations.Count == 1 && ServerMetadata.Weight(availableDestinations[0].Model.Config) > 0 ? availableDestinations[0] : null;
        }

        var index = WeightedDestinations.For(availableDestinations).NextRoundRobin();
        return index < 0 ? null : availableDestinations[index];
    }
}
