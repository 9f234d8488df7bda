using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Gateway.Forwarding;

/// <summary>
/// Transforms every route gets: the client's Host forwarded (YARP's default replaces it with the
/// server's), then the cluster's <see cref="HostHeaderTransform"/>, and the hold-back of answers to retry.
/// </summary>
internal sealed class BackendTransformProvider : ITransformProvider
{
    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        context.AddOriginalHost(true);
        context.RequestTransforms.Add(HostHeaderTransform.Instance);
        context.ResponseTransforms.Add(RetryStatusTransform.Instance);
    }
}
