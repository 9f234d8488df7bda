using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace Gateway.LoadBalancing;

/// <summary>Two servers drawn at random by weight; the less loaded of the two for its weight.</summary>
internal sealed class WeightedPowerOfTwoChoicesPolicy : ILoadBalancingPolicy
{
    public string Name => WeightedLoadBalancingPolicies.PowerOfTwoChoices;

    public DestinationState? PickDestination(HttpContext context, ClusterState cluster, IReadOnlyList<DestinationState> availableDestinations)
    {
        var index = WeightedDestinations.For(availableDestinations).LighterOfTwo(availableDestinations, static d => d.ConcurrentRequestCount);
        return index < 0 ? null : availableDestinations[index];
    }
}
