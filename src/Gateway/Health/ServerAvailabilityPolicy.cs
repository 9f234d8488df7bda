using Gateway.LoadBalancing;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;
using YarpClusterConfig = Yarp.ReverseProxy.Configuration.ClusterConfig;

namespace Gateway.Health;

/// <summary>
/// Which of a cluster's destinations may take new requests: ready (not draining), weight above 0,
/// and not found unhealthy by an enabled health check. Backup servers are in the list only while
/// no other server is. YARP asks again whenever health or configuration changes, and answers 503
/// when the list is empty.
/// </summary>
internal sealed class ServerAvailabilityPolicy : IAvailableDestinationsPolicy
{
    public const string PolicyName = "Gateway.ServerAvailability";

    public string Name => PolicyName;

    public IReadOnlyList<DestinationState> GetAvailalableDestinations(YarpClusterConfig config, IReadOnlyList<DestinationState> allDestinations)
    {
        var activeChecks = config.HealthCheck?.Active?.Enabled == true;
        var passiveChecks = config.HealthCheck?.Passive?.Enabled == true;
        var primaries = new List<DestinationState>(allDestinations.Count);
        List<DestinationState>? backups = null;
        foreach (var destination in allDestinations)
        {
            var server = destination.Model.Config;
            if (!ServerMetadata.IsReady(server) || ServerMetadata.Weight(server) <= 0
                || (activeChecks && destination.Health.Active == DestinationHealth.Unhealthy)
                || (passiveChecks && destination.Health.Passive == DestinationHealth.Unhealthy))
            {
                continue;
            }

            if (ServerMetadata.IsBackup(server))
            {
                (backups ??= []).Add(destination);
            }
            else
            {
                primaries.Add(destination);
            }
        }

        return primaries.Count > 0 || backups is null ? primaries : backups;
    }

    /// <summary>The backup servers that pass the same tests, whether or not a primary is available (for when passive health has taken the primaries out).</summary>
    public static IReadOnlyList<DestinationState> AvailableBackups(YarpClusterConfig config, IReadOnlyList<DestinationState> allDestinations)
    {
        var activeChecks = config.HealthCheck?.Active?.Enabled == true;
        List<DestinationState>? backups = null;
        foreach (var destination in allDestinations)
        {
            var server = destination.Model.Config;
            if (ServerMetadata.IsBackup(server) && ServerMetadata.IsReady(server) && ServerMetadata.Weight(server) > 0
                && !(activeChecks && destination.Health.Active == DestinationHealth.Unhealthy))
            {
                (backups ??= []).Add(destination);
            }
        }

        return backups ?? (IReadOnlyList<DestinationState>)[];
    }
}
