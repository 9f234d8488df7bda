using Microsoft.AspNetCore.Http;

namespace Gateway.Forwarding;

/// <summary>First step of the proxy pipeline: counts requests and server errors per route.</summary>
internal static class RouteTrafficMiddleware
{
    public static Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var traffic = context.GetEndpoint()?.Metadata.GetMetadata<GatewayEndpointMetadata>()?.Traffic;
        return traffic is null ? next(context) : RequestCounting.CountAsync(context, traffic, next);
    }
}
