using System.Collections.Frozen;
using Gateway.Backends;
using Gateway.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace Gateway.Forwarding;

/// <summary>
/// The step of YARP's proxy pipeline that replaces YARP's own load balancing, session affinity and
/// passive health: it hands the request to <see cref="BackendDispatcher"/>, which calls the rest of
/// the pipeline (YARP's forwarder) once per try. A proxied request's body has no size limit (as on the core
/// and in HAProxy), and one that may be large is read through a <see cref="FairBodyStream"/>, as the core's
/// relay spends the same budget.
/// </summary>
internal sealed class ForwardAttemptsMiddleware(BackendDispatcher dispatcher, IGatewaySnapshotAccessor snapshots, IEnumerable<ILoadBalancingPolicy> policies)
{
    private readonly FrozenDictionary<string, ILoadBalancingPolicy> _policies = policies.ToFrozenDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var proxy = context.GetReverseProxyFeature();
        if (snapshots.Current.Cluster(proxy.Cluster.Config.ClusterId) is not { } cluster)
        {
            return next(context); // a cluster YARP knows and the snapshot does not: only during a swap; YARP forwards as it would
        }

        RetryStatusFeature? retryStatus = null;
        if (cluster.Retry.OnStatuses.Count > 0)
        {
            retryStatus = new RetryStatusFeature(cluster.Retry);
            context.Features.Set(retryStatus);
        }

        // A proxy streams a body of any size, as HAProxy and the HTTP/1.1 core do: Kestrel's limit for an application
        // (30 MB by default) answered 413 here. Read-only once the body began (a rule read it): its own limit held then.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = null;
        }

        var request = context.Request;
        if (FairBodyStream.MayExceedBudget(request.ContentLength)
            && (request.ContentLength is not null || context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != false))
        {
            // YARP copies the request body from this stream; a body kept for a retry is buffered around it.
            request.Body = new FairBodyStream(request.Body);
        }

        var policy = _policies.GetValueOrDefault(proxy.Cluster.Config.LoadBalancingPolicy ?? "") ?? _policies[Gateway.LoadBalancing.WeightedLoadBalancingPolicies.RoundRobin];
        // A new summary per request: the request's features keep it for the request record (YarpForwardHost.Completed).
        return dispatcher.ForwardAsync(cluster, new YarpForwardHost(context, next, proxy, policy, retryStatus), new ForwardSummary()).AsTask();
    }
}
