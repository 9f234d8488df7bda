using Gateway.Core.Configuration;
using Yarp.ReverseProxy.LoadBalancing;

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
