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
        var plan = WeightedDestinations.For(availableDestinations);
        var first = plan.NextRandom();
        if (first < 0)
        {
            return null;
        }

        var second = plan.NextRandom();
        var (a, b) = (availableDestinations[first], availableDestinations[second]);
        return WeightedSelection.IsLighter(b.ConcurrentRequestCount, plan.Weights[second], a.ConcurrentRequestCount, plan.Weights[first]) ? b : a;
    }
}
