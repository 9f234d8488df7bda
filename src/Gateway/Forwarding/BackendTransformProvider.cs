using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Gateway.Forwarding;

/// <summary>
/// Transforms every route gets: the client's Host forwarded (YARP's default replaces it with the
/// server's), then the cluster's <see cref="HostHeaderTransform"/>, the hold-back of answers to retry, and the
/// relay budget of large answers (<see cref="FairResponseBodyTransform"/>).
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
        context.ResponseTransforms.Add(FairResponseBodyTransform.Instance); // after the hold-back: a body held back is not copied
    }
}
