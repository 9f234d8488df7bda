using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace Gateway.LoadBalancing;

/// <summary>Random, with each server's chance proportional to its weight.</summary>
internal sealed class WeightedRandomPolicy : ILoadBalancingPolicy
{
    public string Name => WeightedLoadBalancingPolicies.Random;

    public DestinationState? PickDestination(HttpContext context, ClusterState cluster, IReadOnlyList<DestinationState> availableDestinations)
    {
        var index = WeightedDestinations.For(availableDestinations).NextRandom();
        return index < 0 ? null : availableDestinations[index];
    }
}
