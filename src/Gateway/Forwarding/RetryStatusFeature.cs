using Gateway.Backends;
using Gateway.Core.Configuration;
using Yarp.ReverseProxy.Transforms;

namespace Gateway.Forwarding;

/// <summary>
/// Per request, for clusters that retry on statuses (<see cref="RetryConfig.OnStatuses"/>): whether
/// the try under way may hold back an answer with such a status so that it can be tried again.
/// </summary>
internal sealed class RetryStatusFeature(RetryConfig retry)
{
    public RetryConfig Retry { get; } = retry;

    public bool MayHoldBack { get; set; }
}

/// <summary>
/// Holds back the body of an answer the dispatcher will retry (<see cref="RetryStatusFeature"/>):
/// YARP then leaves the response unstarted, so the next try can replace it.
/// </summary>
internal sealed class RetryStatusTransform : ResponseTransform
{
    public static RetryStatusTransform Instance { get; } = new();

    public override ValueTask ApplyAsync(ResponseTransformContext context)
    {
        if (context.ProxyResponse is { } response
            && context.HttpContext.Features.Get<RetryStatusFeature>() is { MayHoldBack: true } feature
            && RetryRules.IsRetryStatus(feature.Retry, (int)response.StatusCode))
        {
            context.SuppressResponseBody = true;
        }

        return default;
    }
}
