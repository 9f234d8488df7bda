using Gateway.Connections;
using Gateway.Http1.Parsing;
using Gateway.LoadBalancing;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.LoadBalancing;

namespace Gateway.Http1.Proxy;

/// <summary>
/// The <see cref="HttpContext"/> a load-balancing policy gets on the HTTP/1.1 core, which has none of its own. YARP's
/// <see cref="ILoadBalancingPolicy"/> takes the request's context; the gateway's policies and YARP's
/// <c>FirstAlphabetical</c> do not read it, so they get none (no cost on the hot path). Any other policy (an embedding
/// host's, set on a cluster by an <c>IProxyConfigFilter</c>) gets a context built from the request head, so it reads the
/// same request on both paths: method, scheme, host, path, query, headers, the connection's addresses and the
/// listener's id feature. It has no body, no response and no request services, and <c>RequestAborted</c> is the client
/// connection's end.
/// </summary>
internal static class Http1RequestView
{
    /// <summary>True for the policies known not to read the context.</summary>
    public static bool NeedsNoContext(ILoadBalancingPolicy policy) => policy.Name is
        WeightedLoadBalancingPolicies.RoundRobin or WeightedLoadBalancingPolicies.Random or WeightedLoadBalancingPolicies.LeastRequests
        or WeightedLoadBalancingPolicies.PowerOfTwoChoices
        || string.Equals(policy.Name, LoadBalancingPolicies.FirstAlphabetical, StringComparison.Ordinal);

    public static HttpContext For(RequestHead request, Http1ClientInfo client, string listenerId, CancellationToken aborted)
    {
        var context = new DefaultHttpContext();
        var http = context.Request;
        http.Protocol = "HTTP/1.1";
        http.Method = request.Method;
        http.Scheme = client.IsTls ? "https" : "http";
        http.Path = PathString.FromUriComponent(request.Path);
        http.QueryString = request.Query is { } query ? new QueryString("?" + query) : QueryString.Empty;
        for (var i = 0; i < request.Headers.Length; i++)
        {
            var (name, value) = request.Headers[i];
            http.Headers.Append(name, value);
        }

        if (request.Headers.First(KnownHeaders.Host) is { } host)
        {
            http.Host = new HostString(host);
        }

        context.Connection.RemoteIpAddress = client.Remote?.Address;
        context.Connection.RemotePort = client.Remote?.Port ?? 0;
        context.Connection.LocalIpAddress = client.Local?.Address;
        context.Connection.LocalPort = client.Local?.Port ?? 0;
        context.Features.Set<IGatewayListenerFeature>(new GatewayListenerFeature(listenerId));
        context.RequestAborted = aborted;
        return context;
    }
}
