using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Gateway.Forwarding.SendProxyHeader;

/// <summary>
/// Hands a request bound for a send-proxy cluster the client connection it came from, for
/// <see cref="SendProxyDispatchHandler"/>. Added to every route, because a use-backend can send
/// any route's request to such a cluster; other requests pay one metadata lookup.
/// </summary>
internal sealed class SendProxyTransformProvider : ITransformProvider
{
    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context) => context.AddRequestTransform(static transform =>
    {
        var cluster = transform.HttpContext.GetReverseProxyFeature().Cluster;
        if (cluster?.Config.Metadata?.ContainsKey(GatewayForwarderHttpClientFactory.SendProxyKey) == true
            && transform.HttpContext.Features.Get<SendProxyConnectionFeature>() is { } connection)
        {
            transform.ProxyRequest.Options.Set(SendProxyDispatchHandler.ConnectionKey, connection);
        }

        return ValueTask.CompletedTask;
    });
}
