using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy;

namespace Gateway.Forwarding;

/// <summary>
/// The proxy pipeline's step after the route rules: counts requests and server errors under the cluster the
/// request goes to, which a use-backend may have chosen instead of the route's, or which is a listener's
/// default cluster. Requests the rules answer themselves (deny, redirect, return) never get here.
/// </summary>
internal sealed class ClusterTrafficMiddleware(ClusterTrafficTable table)
{
    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var cluster = context.GetReverseProxyFeature().Cluster;
        return cluster is null ? next(context) : RequestCounting.CountAsync(context, table.Get(cluster.Config.ClusterId), next);
    }
}
