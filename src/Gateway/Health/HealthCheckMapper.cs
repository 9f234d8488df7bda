using System.Globalization;
using Gateway.Core.Configuration;
using YarpHealthCheckConfig = Yarp.ReverseProxy.Configuration.HealthCheckConfig;
using YarpActiveHealthCheckConfig = Yarp.ReverseProxy.Configuration.ActiveHealthCheckConfig;

namespace Gateway.Health;

/// <summary>A cluster's health check as YARP's active health check, with rise and fall in the cluster's metadata for <see cref="RiseFallHealthPolicy"/>.</summary>
internal static class HealthCheckMapper
{
    public static YarpHealthCheckConfig Map(HealthCheckConfig? check) => new()
    {
        AvailableDestinationsPolicy = ServerAvailabilityPolicy.PolicyName,
        // A check without a path is a TCP connect check, run by TcpHealthChecks: YARP never sees tcp:// servers.
        Active = check?.Path is null ? null : new YarpActiveHealthCheckConfig
        {
            Enabled = true,
            Path = check.Path,
            Interval = check.Interval,
            Timeout = check.Timeout,
            Policy = RiseFallHealthPolicy.PolicyName,
        },
    };

    public static Dictionary<string, string>? Metadata(HealthCheckConfig? check) => check?.Path is null ? null : new(StringComparer.Ordinal)
    {
        [RiseFallHealthPolicy.RiseKey] = check.Rise.ToString(CultureInfo.InvariantCulture),
        [RiseFallHealthPolicy.FallKey] = check.Fall.ToString(CultureInfo.InvariantCulture),
    };
}
