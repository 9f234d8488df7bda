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
        var best = WeightedDestinations.For(availableDestinations).Lightest(availableDestinations, static d => d.ConcurrentRequestCount);
        return best < 0 ? null : availableDestinations[best];
    }
}
