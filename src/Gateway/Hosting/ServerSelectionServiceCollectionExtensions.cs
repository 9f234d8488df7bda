using Gateway.Backends;
using Gateway.Health;
using Gateway.Queues;
using Gateway.LoadBalancing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;
using Gateway.Status;

namespace Microsoft.Extensions.DependencyInjection;

internal static class ServerSelectionServiceCollectionExtensions
{
    /// <summary>Weighted load balancing, backup servers, rise/fall health checks and the server status table.</summary>
    public static IServiceCollection AddGatewayServerSelection(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoadBalancingPolicy, WeightedRoundRobinPolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoadBalancingPolicy, WeightedRandomPolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoadBalancingPolicy, WeightedLeastRequestsPolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoadBalancingPolicy, WeightedPowerOfTwoChoicesPolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAvailableDestinationsPolicy, ServerAvailabilityPolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IActiveHealthCheckPolicy, RiseFallHealthPolicy>());
        services.TryAddSingleton<ServerHealthTable>();
        services.TryAddSingleton<PassiveHealthTable>();
        services.TryAddSingleton<ClusterQueues>();
        services.TryAddSingleton<BackendCounters>();
        services.TryAddSingleton<ForwardFailureLog>();
        services.TryAddSingleton<BackendDispatcher>();
        services.TryAddSingleton<IServerStatusTable, ServerStatusTable>();
        services.TryAddSingleton<IGatewayStatus, GatewayStatus>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TcpHealthChecks>());
        return services;
    }
}
