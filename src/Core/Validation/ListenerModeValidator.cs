using Gateway.Core.Configuration;
using Gateway.Core.Rules.Compilation;
using Gateway.Core.Rules.Primitives;

namespace Gateway.Core.Validation;

/// <summary>
/// Keeps HTTP and TCP apart: a listener's default cluster exists and speaks its mode, TCP
/// listeners have a cluster and no HTTP rules, and routes neither bind to TCP listeners nor send
/// requests to clusters of tcp:// servers.
/// </summary>
internal static class ListenerModeValidator
{
    public static void Validate(GatewayConfig config, HashSet<string> clusterIds, DocumentRules rules, ValidationErrors errors)
    {
        var clusters = new Dictionary<string, ClusterConfig>(StringComparer.OrdinalIgnoreCase);
        foreach (var cluster in config.Clusters)
        {
            clusters.TryAdd(cluster.Id, cluster);
        }

        var tcpListeners = new HashSet<string>(config.Listeners.Where(l => l.Mode == ListenerMode.Tcp).Select(l => l.Id), StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < config.Listeners.Count; i++)
        {
            var listener = config.Listeners[i];
            var path = ValidationErrors.EntityPath("listeners", listener.Id, i);
            var isTcp = listener.Mode == ListenerMode.Tcp;
            if (listener.DefaultCluster is null)
            {
                if (isTcp)
                {
                    errors.Add($"{path}.defaultCluster", "A TCP listener needs a default cluster: the cluster whose tcp:// servers get its connections.");
                }
            }
            else if (!clusters.TryGetValue(listener.DefaultCluster, out var cluster))
            {
                errors.Add($"{path}.defaultCluster", $"Cluster '{listener.DefaultCluster}' does not exist; {RouteValidator.Choices("cluster", clusterIds)}.");
            }
            else if (isTcp && IsHttpCluster(cluster))
            {
                errors.Add($"{path}.defaultCluster", $"Cluster '{cluster.Id}' has http(s) servers; a TCP listener forwards to servers written tcp://host:port.");
            }
            else if (!isTcp && IsTcpCluster(cluster))
            {
                errors.Add($"{path}.defaultCluster", $"Cluster '{cluster.Id}' has tcp:// servers, which only TCP listeners can use; set this listener's mode to tcp or choose a cluster of http(s) servers.");
            }

            if (isTcp && listener.Id is not null)
            {
                foreach (var rule in rules.Listener(listener.Id).Syntax.Rules)
                {
                    if (rule.Phase != RulePhase.TcpConnection)
                    {
                        errors.Collector.Add(new ValidationError($"{path}.rules", $"A TCP listener does not read HTTP, so its {(rule.Phase == RulePhase.HttpRequest ? "http-request" : "http-response")} rules would never run; remove them or set the mode to http (tcp-request connection rules are fine).", rule.Position.Line, rule.Position.Column));
                    }
                }
            }
        }

        UseBackendTargets(config.Listeners, l => l.Id, "listeners", rules.Listener, clusters, errors);
        UseBackendTargets(config.Routes, r => r.Id, "routes", rules.Route, clusters, errors);
        UseBackendTargets(config.Clusters, c => c.Id, "clusters", rules.Cluster, clusters, errors);

        for (var i = 0; i < config.Routes.Count; i++)
        {
            var route = config.Routes[i];
            var path = ValidationErrors.EntityPath("routes", route.Id, i);
            for (var j = 0; j < route.Listeners.Count; j++)
            {
                if (tcpListeners.Contains(route.Listeners[j]))
                {
                    errors.Add($"{path}.listeners[{j}]", $"Listener '{route.Listeners[j]}' is a TCP listener, which forwards connections without routes; bind the route to HTTP listeners only.");
                }
            }

            if (route.Cluster is not null && clusters.TryGetValue(route.Cluster, out var cluster) && IsTcpCluster(cluster))
            {
                errors.Add($"{path}.cluster", $"Cluster '{cluster.Id}' has tcp:// servers, which only TCP listeners can use; send the route to a cluster of http(s) servers.");
            }
        }
    }

    /// <summary>A use-backend that names a cluster of tcp:// servers outright would send HTTP requests nowhere.</summary>
    private static void UseBackendTargets<T>(IReadOnlyList<T> entities, Func<T, string> id, string collection, Func<string, CompiledRules> scope,
        Dictionary<string, ClusterConfig> clusters, ValidationErrors errors)
    {
        foreach (var entity in entities)
        {
            if (id(entity) is not { } entityId)
            {
                continue;
            }

            foreach (var rule in scope(entityId).Syntax.Rules)
            {
                if (rule.Action.Name == "use-backend" && rule.Action.Arguments.Count > 0
                    && clusters.TryGetValue(rule.Action.Arguments[0].Text, out var target) && IsTcpCluster(target))
                {
                    errors.Collector.Add(new ValidationError($"{collection}[{entityId}].rules",
                        $"use-backend names cluster '{target.Id}', whose servers are tcp://, which only TCP listeners can use; name a cluster of http(s) servers.",
                        rule.Position.Line, rule.Position.Column));
                }
            }
        }
    }

    public static bool IsTcpCluster(ClusterConfig cluster) => cluster.Servers.Any(s => TcpServerAddress.IsTcp(s.Address));

    private static bool IsHttpCluster(ClusterConfig cluster) => cluster.Servers.Any(s => !TcpServerAddress.IsTcp(s.Address));
}
