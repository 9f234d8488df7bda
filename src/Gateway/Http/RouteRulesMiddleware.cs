using Gateway.Core.Rules.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy;
using System.Globalization;
using Gateway.Checkpoints;
using Gateway.Connections;
using Gateway.Core.Configuration;
using Gateway.Forwarding;
using Gateway.Model;

namespace Gateway.Http;

/// <summary>
/// First rule step of YARP's proxy pipeline, before load balancing: the route's transform chain,
/// the switch to the cluster a use-backend chose, and that cluster's request rules.
/// </summary>
internal static class RouteRulesMiddleware
{
    public static Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var state = context.Features.Get<GatewayRuleState>();
        var proxy = context.GetReverseProxyFeature();
        var route = proxy.Route.Config;
        var isListenerDefault = route.Metadata?.ContainsKey(ProxyConfigMapper.ListenerDefaultMetadataKey) == true;
        var hasDefaultCluster = isListenerDefault && route.Metadata!.ContainsKey(ProxyConfigMapper.ListenerDefaultClusterMetadataKey);
        if (state is null)
        {
            return isListenerDefault && !hasDefaultCluster
                ? NotFoundPage.WriteAsync(context)
                : ForwardAsync(context, next, context.RequestServices.GetRequiredService<IGatewaySnapshotAccessor>().Current, isListenerDefault ? null : route.RouteId, proxy.Cluster?.Config.ClusterId);
        }

        if (isListenerDefault && !hasDefaultCluster && (state.Session.Backend is not { } backend || state.Snapshot.Cluster(backend) is null))
        {
            return NotFoundPage.WriteAsync(context);
        }

        var run = GatewayRulePipeline.RunRouteRequestAsync(state, isListenerDefault ? null : route.RouteId, proxy.Cluster?.Config.ClusterId);
        return run.IsCompletedSuccessfully ? Then(context, next, state, run.Result) : WaitedAsync(context, next, state, run);
    }

    private static async Task WaitedAsync(HttpContext context, RequestDelegate next, GatewayRuleState state, ValueTask<RuleOutcome> run) =>
        await Then(context, next, state, await run);

    private static Task Then(HttpContext context, RequestDelegate next, GatewayRuleState state, RuleOutcome outcome)
    {
        var proxy = context.GetReverseProxyFeature();
        if (outcome == RuleOutcome.Respond)
        {
            state.NoteRequestAnswered();
            RegexTimeoutReporter.ReportIfTimedOut(context, state);
            return RuleResponseWriter.WriteAsync(context, state.Session.Response!, state.TarpitTimeout(), context.RequestServices.GetRequiredService<TimeProvider>(), state.ErrorPages());
        }

        if (state.ClusterId is { } chosen && !chosen.Equals(proxy.Cluster?.Config.ClusterId, StringComparison.OrdinalIgnoreCase))
        {
            if (!context.RequestServices.GetRequiredService<IProxyStateLookup>().TryGetCluster(chosen, out var cluster))
            {
                return UnknownClusterAsync(context, chosen);
            }

            context.ReassignProxyRequest(cluster);
        }

        return ForwardAsync(context, next, state.Snapshot, state.RouteId, state.ClusterId ?? proxy.Cluster?.Config.ClusterId);
    }

    /// <summary>Hands the request on, through its route's and cluster's concurrency checkpoints when they have one.</summary>
    private static Task ForwardAsync(HttpContext context, RequestDelegate next, GatewaySnapshot snapshot, string? routeId, string? clusterId)
    {
        if (!snapshot.HasConcurrencyLimits)
        {
            return next(context);
        }

        var route = routeId is null ? null : snapshot.Route(routeId)?.Concurrency;
        var cluster = clusterId is null ? null : snapshot.Cluster(clusterId)?.Concurrency;
        return route is null && cluster is null ? next(context) : LimitedAsync(context, next, snapshot, routeId, route, clusterId, cluster);
    }

    private static async Task LimitedAsync(HttpContext context, RequestDelegate next, GatewaySnapshot snapshot, string? routeId, ConcurrencyLimitConfig? route, string? clusterId, ConcurrencyLimitConfig? cluster)
    {
        ConcurrencyLimits.ConcurrencyLease lease;
        var aborted = Connections.ClientHalfClose.WaitToken(context);
        try
        {
            lease = await context.RequestServices.GetRequiredService<ConcurrencyLimits>().EnterAsync(routeId, route, clusterId, cluster, aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            return; // the client left while waiting; its place in the queue is free again
        }

        using (lease)
        {
            if (lease.RetryAfter is { } retryAfter)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                var listener = context.Features.Get<IGatewayListenerFeature>()?.ListenerId;
                await ErrorPages.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, (listener is null ? null : snapshot.Listener(listener)?.ErrorPages) ?? []);
                return;
            }

            await next(context);
        }
    }

    /// <summary>A use-backend computed from request data named a cluster that does not exist.</summary>
    private static Task UnknownClusterAsync(HttpContext context, string cluster)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync($"No cluster named '{cluster}' is configured.\n");
    }
}
