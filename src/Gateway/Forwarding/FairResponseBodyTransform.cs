using Yarp.ReverseProxy.Transforms;

namespace Gateway.Forwarding;

/// <summary>
/// Gives YARP's copy of a large answer the relay budget of <see cref="Backends.RelayFairness"/>: the client's body stream
/// is wrapped in a <see cref="FairBodyStream"/> when the answer's length is unknown or above the budget (the forwarder
/// takes the response body only after the response transforms ran). Smaller answers are copied as they were.
/// </summary>
internal sealed class FairResponseBodyTransform : ResponseTransform
{
    public static FairResponseBodyTransform Instance { get; } = new();

    public override ValueTask ApplyAsync(ResponseTransformContext context)
    {
        if (!context.SuppressResponseBody
            && context.ProxyResponse?.Content is { } content
            && FairBodyStream.MayExceedBudget(content.Headers.ContentLength)
            && context.HttpContext.Response.Body is not FairBodyStream)
        {
            context.HttpContext.Response.Body = new FairBodyStream(context.HttpContext.Response.Body);
        }

        return default;
    }
}
