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

        var proxy = endpoints.MapReverseProxy(pipeline =>
        {
            pipeline.Use(RouteTrafficMiddleware.InvokeAsync);
            pipeline.Use(RouteRulesMiddleware.InvokeAsync);
            // After the rules, so a use-backend's cluster is the one counted.
            pipeline.Use(clusterTraffic.InvokeAsync);
            pipeline.UseSessionAffinity();
            pipeline.UseLoadBalancing();
            pipeline.UsePassiveHealthChecks();
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
