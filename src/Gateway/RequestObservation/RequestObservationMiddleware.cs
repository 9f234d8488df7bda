using System.Diagnostics;
using Gateway.AccessLog;
using Gateway.Backends;
using Gateway.Connections;
using Gateway.Http;
using Gateway.Model;
using Gateway.Tracing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Model;

namespace Gateway.RequestObservation;

/// <summary>
/// Outermost step for requests on gateway listeners: notes the request as it arrived, lets
/// everything else run, then builds its <see cref="RequestOutcome"/> from what the other steps left in
/// the request's features (route and cluster chosen, the forward's summary, a rule's answer), records it
/// (<see cref="RequestRecorder"/>: metrics, charts, recent requests) and, when the log is on, queues its
/// access-log line. Whatever the forwarding path, the same line and the same counts.
/// </summary>
internal sealed class RequestObservationMiddleware(RequestDelegate next, AccessLogWriter writer, RequestRecorder recorder, IGatewaySnapshotAccessor snapshots, TimeProvider time)
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
                // Metrics, charts and the recent ring only: read the few features they need, build no line.
                var proxy = context.Features.Get<IReverseProxyFeature>();
                var outcome = Compact(context, listener.ListenerId, ConfiguredRoute(proxy), proxy?.Cluster.Config.ClusterId,
                    context.Features.Get<ForwardSummary>()?.ServerId, Stopwatch.GetElapsedTime(started));
                recorder.Record(in outcome);
                if (span is not null)
                {
                    GatewayTracing.EndRequest(span, outcome.Status, outcome.Route, outcome.Cluster, outcome.Server, outcome.Revision,
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
            var outcome = Build(context, listener.ListenerId, acceptedAt, method, target, revision, Stopwatch.GetElapsedTime(started));
            recorder.Record(in outcome);
            writer.Enqueue(outcome.ToRecord(), options.FormatFor(listener.ListenerId));
            if (span is not null)
            {
                GatewayTracing.EndRequest(span, outcome.Status, outcome.Route, outcome.Cluster, outcome.Server, outcome.Revision, outcome.RuleAnswer);
            }
        }
    }

    /// <summary>
    /// The few fields the "Recent requests" page shows, for a request whose access-log line is not written: the accept
    /// time is reckoned back from now, the target is the decoded path and query (the raw target is not kept when off).
    /// </summary>
    private RequestOutcome Compact(HttpContext context, string listenerId, string? route, string? cluster, string? server, TimeSpan elapsed)
    {
        var connection = context.Connection;
        var request = context.Request;
        return new RequestOutcome(listenerId, connection.RemoteIpAddress is { } ip ? $"{ip}:{connection.RemotePort}" : "-", snapshots.Current.Version)
        {
            AcceptedAt = time.GetUtcNow() - elapsed,
            Method = request.Method,
            Target = request.Path.Value + request.QueryString.Value,
            Status = context.Response.StatusCode,
            BytesIn = request.ContentLength ?? -1,
            BytesOut = context.Response.ContentLength ?? -1,
            Elapsed = elapsed,
            Route = route,
            Cluster = cluster,
            Server = server,
        };
    }

    /// <summary>The configured route that matched; null for none or a listener's catch-all (ids with a slash, see ProxyConfigMapper).</summary>
    private static string? ConfiguredRoute(IReverseProxyFeature? proxy) =>
        proxy?.Route.Config.RouteId is { } route && !route.StartsWith("listener/", StringComparison.Ordinal) ? route : null;

    private static RequestOutcome Build(HttpContext context, string listenerId, DateTimeOffset acceptedAt, string method, string target, string revision, TimeSpan elapsed)
    {
        var forward = context.Features.Get<ForwardSummary>();
        var proxy = context.Features.Get<IReverseProxyFeature>();
        var rules = context.Features.Get<GatewayRuleState>();
        var ruleAnswer = rules?.Session.Response?.Kind.ToString().ToLowerInvariant();
        var response = context.Response;
        var aborted = context.RequestAborted.IsCancellationRequested;
        var connection = context.Connection;
        return new RequestOutcome(listenerId, connection.RemoteIpAddress is { } ip ? $"{ip}:{connection.RemotePort}" : "-", revision)
        {
            AcceptedAt = acceptedAt,
            Method = method,
            Target = target,
            Protocol = context.Request.Protocol,
            Status = aborted && !response.HasStarted ? 499 : response.StatusCode,
            BytesIn = context.Request.ContentLength ?? (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false ? 0 : -1),
            BytesOut = response.ContentLength ?? -1,
            Tw = forward is null ? -1 : (long)forward.QueueWait.TotalMilliseconds,
            Tr = forward is null || forward.Tries == 0 ? -1 : (long)forward.LastTryTime.TotalMilliseconds,
            Elapsed = elapsed,
            Route = ConfiguredRoute(proxy),
            Cluster = forward is null && ruleAnswer is not null ? rules?.ClusterId : proxy?.Cluster.Config.ClusterId,
            Server = forward?.ServerId,
            Retries = forward?.Retries ?? 0,
            Termination = TerminationState.For(forward, ruleAnswer, aborted, response.HasStarted),
            RuleAnswer = ruleAnswer,
            RuleScope = ruleAnswer is null ? null : rules?.Session.AnsweredBy?.Scope,
            RuleLine = rules?.Session.AnsweredBy?.Line ?? 0,
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
