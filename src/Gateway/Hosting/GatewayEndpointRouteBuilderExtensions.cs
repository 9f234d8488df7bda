using System.Collections.Frozen;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy.Configuration;
using Gateway.Forwarding;
using Gateway.Http;

namespace Microsoft.AspNetCore.Builder;

public static class GatewayEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the gateway's routes (forwarded by YARP) and its not-found page. They answer only on
    /// gateway listeners; the host's own endpoints keep answering on the host's own addresses.
    /// </summary>
    public static IEndpointConventionBuilder MapGateway(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var traffic = endpoints.ServiceProvider.GetRequiredService<RouteTrafficTable>();
        var clusterTraffic = new ClusterTrafficMiddleware(endpoints.ServiceProvider.GetRequiredService<ClusterTrafficTable>());
        var attempts = ActivatorUtilities.CreateInstance<ForwardAttemptsMiddleware>(endpoints.ServiceProvider);

        var proxy = endpoints.MapReverseProxy(pipeline =>
        {
            pipeline.Use(RouteTrafficMiddleware.InvokeAsync);
            pipeline.Use(RouteRulesMiddleware.InvokeAsync);
            // After the rules, so a use-backend's cluster is the one counted.
            pipeline.Use(clusterTraffic.InvokeAsync);
            // Server selection, queues, retries and passive health (ours, shared with any other
            // forwarding path), in place of YARP's session affinity, load balancing and passive health.
            pipeline.Use(attempts.InvokeAsync);
        });
        proxy.ConfigureEndpoints((endpoint, route) => endpoint.WithMetadata(new GatewayEndpointMetadata(Listeners(route), traffic.Get(route.RouteId))));

        endpoints.MapFallback("{**path}", NotFoundPage.WriteAsync)
            .WithMetadata(new GatewayEndpointMetadata(listeners: null, traffic: null))
            .WithDisplayName("Gateway: no route matches");

        return proxy;
    }

    private static FrozenSet<string>? Listeners(RouteConfig route) =>
        route.Metadata?.TryGetValue(ProxyConfigMapper.ListenersMetadataKey, out var ids) == true
            ? ids.Split(',').ToFrozenSet(StringComparer.OrdinalIgnoreCase)
            : null;
}
