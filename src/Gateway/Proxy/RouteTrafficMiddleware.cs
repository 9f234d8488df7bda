using Microsoft.AspNetCore.Http;

namespace Gateway.Proxy;

/// <summary>First step of the proxy pipeline: counts requests and server errors per route.</summary>
internal static class RouteTrafficMiddleware
{
    public static Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var traffic = context.GetEndpoint()?.Metadata.GetMetadata<GatewayEndpointMetadata>()?.Traffic;
        if (traffic is null)
        {
            return next();
        }

        traffic.OnRequest();
        var forwarding = next();
        if (forwarding.IsCompletedSuccessfully)
        {
            CountResponse(context, traffic);
            return Task.CompletedTask;
        }

        return AwaitAndCount(forwarding, context, traffic);
    }

    private static async Task AwaitAndCount(Task forwarding, HttpContext context, RouteTraffic traffic)
    {
        try
        {
            await forwarding;
        }
        finally
        {
            CountResponse(context, traffic);
        }
    }

    private static void CountResponse(HttpContext context, RouteTraffic traffic)
    {
        if (context.Response.StatusCode >= StatusCodes.Status500InternalServerError)
        {
            traffic.OnServerError();
        }
    }
}
