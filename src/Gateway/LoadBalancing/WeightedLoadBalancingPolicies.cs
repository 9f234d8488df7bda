using Gateway.Core.Configuration;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace Gateway.LoadBalancing;

/// <summary>
/// Names under which our weighted policies are registered with YARP. YARP's own round-robin,
/// random, least-requests and power-of-two policies ignore weights; "first" is YARP's
/// FirstAlphabetical, for which weights do not matter (weight 0 and backups are already out of the
/// list it is given; see <see cref="Health.ServerAvailabilityPolicy"/>).
/// </summary>
internal static class WeightedLoadBalancingPolicies
{
    public const string RoundRobin = "Gateway.WeightedRoundRobin";
    public const string Random = "Gateway.WeightedRandom";
    public const string LeastRequests = "Gateway.WeightedLeastRequests";
    public const string PowerOfTwoChoices = "Gateway.WeightedPowerOfTwoChoices";

    public static string For(string loadBalancing) => loadBalancing.ToLowerInvariant() switch
    {
        LoadBalancingNames.Random => Random,
        LoadBalancingNames.LeastRequests => LeastRequests,
        LoadBalancingNames.PowerOfTwoChoices => PowerOfTwoChoices,
        LoadBalancingNames.First => LoadBalancingPolicies.FirstAlphabetical,
        _ => RoundRobin,
    };
}

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
