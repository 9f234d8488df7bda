using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace Gateway.LoadBalancing;

/// <summary>The server with the fewest requests in flight for its weight ((in flight + 1) / weight); the first such on a tie.</summary>
internal sealed class WeightedLeastRequestsPolicy : ILoadBalancingPolicy
{
    public string Name => WeightedLoadBalancingPolicies.LeastRequests;

    public DestinationState? PickDestination(HttpContext context, ClusterState cluster, IReadOnlyList<DestinationState> availableDestinations)
    {
        var weights = WeightedDestinations.For(availableDestinations).Weights;
        var best = -1;
        for (var i = 0; i < weights.Length; i++)
        {
            if (best < 0 ? weights[i] > 0
                : WeightedSelection.IsLighter(availableDestinations[i].ConcurrentRequestCount, weights[i], availableDestinations[best].ConcurrentRequestCount, weights[best]))
            {
                best = i;
            }
        }

        return best < 0 ? null : availableDestinations[best];
    }
}
