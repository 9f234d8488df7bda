using System.Diagnostics;
using Gateway.AccessLog;
using Gateway.Backends;
using Gateway.Connections;
using Gateway.Http;
using Gateway.Model;
using Gateway.Tracing;
using Gateway.TrafficHistory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Model;

namespace Gateway.RequestObservation;

/// <summary>
/// Outermost step for requests on gateway listeners: notes the request as it arrived, lets
/// everything else run, then records its metrics and queues its access-log line, both built from
/// what the other steps left in the request's features (route and cluster chosen, the forward's
/// summary, a rule's answer). Whatever the forwarding path, the same line and the same counts.
/// </summary>
internal sealed class RequestObservationMiddleware(RequestDelegate next, AccessLogWriter writer, RequestMetrics metrics, IGatewaySnapshotAccessor snapshots, TimeProvider time,
    TrafficHistoryStore history, RecentRequestRing recent)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var listener = context.Features.Get<IGatewayListenerFeature>();
        if (listener is null)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var options = writer.Options;
        var log = AccessLogFormats.IsOn(options.FormatFor(listener.ListenerId))
            && (options.SampleRateFor(listener.ListenerId) is var rate && (rate >= 1 || Random.Shared.NextDouble() < rate));

        var started = Stopwatch.GetTimestamp();
        var span = GatewayTracing.StartRequest(context, listener.ListenerId);
        if (!log)
        {
            try
            {
                await next(context).ConfigureAwait(false);
            }
            finally
            {
                // Metrics only: read the few features they need, build no line.
                var proxy = context.Features.Get<IReverseProxyFeature>();
                var route = ConfiguredRoute(proxy);
                var server = context.Features.Get<ForwardSummary>()?.ServerId;
                var elapsed = Stopwatch.GetElapsedTime(started);
                var cluster = proxy?.Cluster.Config.ClusterId;
                metrics.Record(listener.ListenerId, route, cluster,
                    server, context.Response.StatusCode, elapsed,
                    context.Request.ContentLength ?? -1, context.Response.ContentLength ?? -1);
                history.Record(route, cluster, server, context.Response.StatusCode, elapsed);
                recent.Add(Compact(context, listener.ListenerId, route, cluster, server, elapsed));
                if (span is not null)
                {
                    GatewayTracing.EndRequest(span, context.Response.StatusCode, route, proxy?.Cluster.Config.ClusterId, server, snapshots.Current.Version,
                        context.Features.Get<GatewayRuleState>()?.Session.Response?.Kind.ToString().ToLowerInvariant());
                }
            }

            return;
        }

        var acceptedAt = time.GetUtcNow();
        var request = context.Request;
        var method = request.Method;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw ? raw : request.Path.Value + request.QueryString.Value;
        var revision = snapshots.Current.Version;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            var line = Build(context, listener.ListenerId, acceptedAt, method, target, revision, Stopwatch.GetElapsedTime(started));
            var elapsed = Stopwatch.GetElapsedTime(started);
            metrics.Record(line.Listener, line.Route, line.Cluster, line.Server, line.Status, elapsed, line.BytesIn, line.BytesOut);
            history.Record(line.Route, line.Cluster, line.Server, line.Status, elapsed);
            recent.Add(line);
            writer.Enqueue(line, options.FormatFor(listener.ListenerId));
            if (span is not null)
            {
                GatewayTracing.EndRequest(span, line.Status, line.Route, line.Cluster, line.Server, line.Revision, line.RuleAnswer);
            }
        }
    }

    /// <summary>
    /// The few fields the "Recent requests" page shows, for a request whose access-log line is not written: the accept
    /// time is reckoned back from now, the target is the decoded path and query (the raw target is not kept when off).
    /// </summary>
    private AccessLogRecord Compact(HttpContext context, string listenerId, string? route, string? cluster, string? server, TimeSpan elapsed)
    {
        var connection = context.Connection;
        return new AccessLogRecord
        {
            AcceptedAt = time.GetUtcNow() - elapsed,
            Client = connection.RemoteIpAddress is { } ip ? $"{ip}:{connection.RemotePort}" : "-",
            Listener = listenerId,
            Method = context.Request.Method,
            Target = context.Request.Path.Value + context.Request.QueryString.Value,
            Status = context.Response.StatusCode,
            Ta = (long)elapsed.TotalMilliseconds,
            Route = route,
            Cluster = cluster,
            Server = server,
            Revision = snapshots.Current.Version,
        };
    }

    /// <summary>The configured route that matched; null for none or a listener's catch-all (ids with a slash, see ProxyConfigMapper).</summary>
    private static string? ConfiguredRoute(IReverseProxyFeature? proxy) =>
        proxy?.Route.Config.RouteId is { } route && !route.StartsWith("listener/", StringComparison.Ordinal) ? route : null;

    private static AccessLogRecord Build(HttpContext context, string listenerId, DateTimeOffset acceptedAt, string method, string target, string revision, TimeSpan elapsed)
    {
        var forward = context.Features.Get<ForwardSummary>();
        var proxy = context.Features.Get<IReverseProxyFeature>();
        var rules = context.Features.Get<GatewayRuleState>();
        var ruleAnswer = rules?.Session.Response?.Kind.ToString().ToLowerInvariant();
        var response = context.Response;
        var aborted = context.RequestAborted.IsCancellationRequested;
        var connection = context.Connection;
        return new AccessLogRecord
        {
            AcceptedAt = acceptedAt,
            Client = connection.RemoteIpAddress is { } ip ? $"{ip}:{connection.RemotePort}" : "-",
            Listener = listenerId,
            Method = method,
            Target = target,
            Protocol = context.Request.Protocol,
            Status = aborted && !response.HasStarted ? 499 : response.StatusCode,
            BytesIn = context.Request.ContentLength ?? (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false ? 0 : -1),
            BytesOut = response.ContentLength ?? -1,
            Tw = forward is null ? -1 : (long)forward.QueueWait.TotalMilliseconds,
            Tr = forward is null || forward.Tries == 0 ? -1 : (long)forward.LastTryTime.TotalMilliseconds,
            Ta = (long)elapsed.TotalMilliseconds,
            Route = ConfiguredRoute(proxy),
            Cluster = forward is null && ruleAnswer is not null ? rules?.ClusterId : proxy?.Cluster.Config.ClusterId,
            Server = forward?.ServerId,
            Retries = forward?.Retries ?? 0,
            Termination = TerminationState.For(forward, ruleAnswer, aborted, response.HasStarted),
            RuleAnswer = ruleAnswer,
            RuleScope = ruleAnswer is null ? null : rules?.Session.AnsweredBy?.Scope,
            RuleLine = rules?.Session.AnsweredBy?.Line ?? 0,
            Revision = revision,
        };
    }
}

/// <summary>Puts <see cref="RequestObservationMiddleware"/> in front of the host's whole pipeline.</summary>
internal sealed class RequestObservationStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<RequestObservationMiddleware>();
        next(app);
    };
}
