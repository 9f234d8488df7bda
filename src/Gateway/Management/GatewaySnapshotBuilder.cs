using Gateway.Core.Configuration;
using Gateway.Core.StickTables;
using Gateway.Core.Validation;
using Gateway.Tls;
using Yarp.ReverseProxy.Configuration;
using YarpClusterConfig = Yarp.ReverseProxy.Configuration.ClusterConfig;
using YarpRouteConfig = Yarp.ReverseProxy.Configuration.RouteConfig;
using Gateway.Forwarding;
using Gateway.Model;

namespace Gateway.Management;

/// <summary>
/// Compiles a document into a <see cref="GatewaySnapshot"/>: our validator first (every error
/// with its path), then YARP's own route and cluster checks (path templates, host patterns),
/// so a document that passes here is one YARP will accept.
/// </summary>
internal sealed class GatewaySnapshotBuilder(IConfigValidator proxyValidator, TimeProvider timeProvider, TlsCertificateLoader certificates, IGatewaySnapshotAccessor? live = null)
{
    private long _generation;

    public async ValueTask<SnapshotBuildResult> BuildAsync(GatewayConfig config, string version)
    {
        var errors = new List<ValidationError>(ConfigValidator.Validate(config, out var rules));
        if (errors.Count > 0)
        {
            return new(null, errors);
        }

        var routes = new YarpRouteConfig[config.Routes.Count];
        for (var i = 0; i < config.Routes.Count; i++)
        {
            var route = config.Routes[i];
            routes[i] = ProxyConfigMapper.MapRoute(route);
            foreach (var problem in await proxyValidator.ValidateRouteAsync(routes[i]))
            {
                // YARP says which value is bad and keeps the reason (e.g. the route template parser's) inside.
                var reason = problem.InnerException is { Message: { Length: > 0 } inner } ? $"{problem.Message.TrimEnd('.')}: {inner}" : problem.Message;
                errors.Add(new($"routes[{route.Id}].{GuessRouteField(problem.Message)}", reason));
            }
        }

        var clusters = new YarpClusterConfig[config.Clusters.Count];
        for (var i = 0; i < clusters.Length; i++)
        {
            var cluster = config.Clusters[i];
            clusters[i] = ProxyConfigMapper.MapCluster(cluster);
            foreach (var problem in await proxyValidator.ValidateClusterAsync(clusters[i]))
            {
                errors.Add(new($"clusters[{cluster.Id}]", problem.Message));
            }
        }

        var listeners = new ListenerPlan[config.Listeners.Count];
        for (var i = 0; i < listeners.Length; i++)
        {
            listeners[i] = ListenerPlan.From(config.Listeners[i]);
            if (listeners[i].Address is { Kind: ListenerHostKind.Localhost, Port: 0 })
            {
                errors.Add(new($"listeners[{listeners[i].Id}].address", "localhost cannot take port 0; use 127.0.0.1:0 for a free port."));
            }
        }

        var loaded = certificates.Load(config, errors);
        if (errors.Count > 0)
        {
            return new(null, errors);
        }

        YarpRouteConfig[] proxyRoutes = [.. routes, .. ProxyConfigMapper.MapListenerDefaultRoutes(config, rules)];
        var snapshot = new GatewaySnapshot(config, version, Interlocked.Increment(ref _generation), timeProvider.GetUtcNow(), listeners, proxyRoutes, clusters, rules)
        {
            Tls = ListenerTlsTable.Build(config, loaded),
            StickTables = StickTableSet.Prepare(live?.Current.StickTables ?? StickTableSet.Empty, config.StickTables, timeProvider),
        };
        return new(snapshot, []);
    }

    private static string GuessRouteField(string message) =>
        message.Contains("host", StringComparison.OrdinalIgnoreCase) ? "hosts"
        : message.Contains("method", StringComparison.OrdinalIgnoreCase) ? "methods"
        : "path";
}
