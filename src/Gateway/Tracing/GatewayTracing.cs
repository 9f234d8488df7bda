using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Gateway.Tracing;

/// <summary>
/// The gateway's spans, on the <see cref="ActivitySource"/> named <c>Gateway</c>: one server span per
/// request on a gateway listener, and below it one span per rule scope that ran and per forward and
/// try. With nobody listening to the source (no tracer attached) nothing is created: every method
/// returns null after one check. Child spans start only under the gateway's own request span, so a
/// request its sampler dropped leaves no stray children behind.
/// </summary>
internal static class GatewayTracing
{
    public const string SourceName = "Gateway";

    public static readonly ActivitySource Source = new(SourceName, typeof(GatewayTracing).Assembly.GetName().Version?.ToString(3));

    /// <summary>
    /// Starts the request's server span. Its parent is the caller's <c>traceparent</c> (W3C), or, when the
    /// host's own ASP.NET Core span is being recorded too, that span; otherwise it starts a new trace.
    /// The span becomes <see cref="Activity.Current"/>, so the forwarder sends its id on to the server.
    /// </summary>
    public static Activity? StartRequest(HttpContext context, string listenerId)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var current = Activity.Current;
        ActivityContext parent = default;
        if (current is null || !current.Source.HasListeners() || !current.IsAllDataRequested)
        {
            // ASP.NET Core makes a span of its own for logging scopes even when nobody exports it;
            // a child of that one would point at a parent no collector ever receives.
            parent = IncomingParent(context.Request.Headers);
            Activity.Current = null;
        }

        var request = context.Request;
        var activity = Source.StartActivity(request.Method, ActivityKind.Server, parent);
        if (activity is null)
        {
            Activity.Current = current;
            return null;
        }

        if (activity.IsAllDataRequested)
        {
            TagRequest(activity, request.Method, request.Path.Value, request.Scheme, ProtocolVersion(request.Protocol),
                context.Connection.RemoteIpAddress?.ToString(), listenerId);
        }

        return activity;
    }

    /// <summary>
    /// Starts the request's server span for a request the HTTP/1.1 core serves (it has no <see cref="HttpContext"/>):
    /// the same span and tags as <see cref="StartRequest(HttpContext, string)"/>, its parent the caller's
    /// <c>traceparent</c>, if any. The span becomes <see cref="Activity.Current"/> for the rest of the request.
    /// </summary>
    public static Activity? StartRequest(string method, string path, string scheme, string? clientAddress, string listenerId, string? traceParent, string? traceState)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var parent = ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var incoming) ? incoming : default;
        Activity.Current = null; // a connection serves one request after another: never a child of the previous one
        var activity = Source.StartActivity(method, ActivityKind.Server, parent);
        if (activity is { IsAllDataRequested: true })
        {
            TagRequest(activity, method, path, scheme, "1.1", clientAddress, listenerId);
        }

        return activity;
    }

    /// <summary>
    /// The W3C <c>traceparent</c> (and <c>tracestate</c>) a forwarded request carries: the gateway span in force (a try's),
    /// so the server's span is its child; null when no gateway span is recording, and the request goes on with the
    /// caller's own headers, as through the Kestrel + YARP path.
    /// </summary>
    public static (string TraceParent, string? TraceState)? Outgoing() =>
        // Without a listener none of our spans is ever current: no read of the async-local Activity.Current.
        Source.HasListeners() && Activity.Current is { IdFormat: ActivityIdFormat.W3C } current && ReferenceEquals(current.Source, Source) && current.Id is { } id
            ? (id, current.TraceStateString)
            : null;

    /// <summary>Names the request span after what answered it and records the outcome; ends it.</summary>
    public static void EndRequest(Activity activity, int status, string? route, string? cluster, string? server, string revision, string? ruleAnswer)
    {
        if (activity.IsAllDataRequested)
        {
            activity.DisplayName = route is null ? activity.DisplayName : $"{activity.DisplayName} {route}";
            activity.SetTag("http.response.status_code", status);
            activity.SetTag("gateway.route", route);
            activity.SetTag("gateway.cluster", cluster);
            activity.SetTag("gateway.server", server);
            activity.SetTag("gateway.revision", revision);
            activity.SetTag("gateway.rule.answer", ruleAnswer);
            if (status >= 500)
            {
                // Server spans are errors for 5xx only (OpenTelemetry's HTTP conventions).
                activity.SetStatus(ActivityStatusCode.Error);
                activity.SetTag("error.type", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        activity.Stop();
    }

    /// <summary>A span for one scope's rules in one phase (<c>http-request</c>, <c>http-response</c>).</summary>
    public static Activity? StartRules(string phase, string scope, string id)
    {
        var activity = StartChild("rules", ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.DisplayName = $"rules {phase} {scope} {id}";
            activity.SetTag("gateway.rules.phase", phase);
            activity.SetTag("gateway.rules.scope", scope);
            activity.SetTag("gateway.rules.scope_id", id);
        }

        return activity;
    }

    /// <summary>The outcome of a scope's rules, then the end of its span.</summary>
    public static void EndRules(Activity? activity, string outcome)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("gateway.rules.outcome", outcome);
        activity.Stop();
    }

    /// <summary>A span for sending a request to a cluster: server choice, queueing and every try.</summary>
    public static Activity? StartForward(string clusterId)
    {
        var activity = StartChild("forward", ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.DisplayName = $"forward {clusterId}";
            activity.SetTag("gateway.cluster", clusterId);
        }

        return activity;
    }

    /// <summary>
    /// A span for one try towards one server, so a retried request shows each try with its own server and
    /// outcome. The HTTP client's own span (source <c>System.Net.Http</c>) goes below it, and its id is the
    /// parent the server receives in <c>traceparent</c>.
    /// </summary>
    public static Activity? StartTry(string clusterId, string serverId, int attempt)
    {
        var activity = StartChild("try", ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.DisplayName = $"try {serverId}";
            activity.SetTag("gateway.cluster", clusterId);
            activity.SetTag("gateway.server", serverId);
            activity.SetTag("gateway.try", attempt);
        }

        return activity;
    }

    /// <summary>Ends a try's span with its status or the reason it failed.</summary>
    public static void EndTry(Activity? activity, int status, string? failure, string? reason)
    {
        if (activity is null)
        {
            return;
        }

        if (activity.IsAllDataRequested)
        {
            if (status > 0)
            {
                activity.SetTag("http.response.status_code", status);
            }

            if (failure is not null)
            {
                activity.SetTag("error.type", failure);
                activity.SetStatus(ActivityStatusCode.Error, reason);
            }
            else if (status >= 500)
            {
                activity.SetStatus(ActivityStatusCode.Error);
            }
        }

        activity.Stop();
    }

    /// <summary>Adds an event to the gateway span in force, if any (a retry's decision, a queue wait).</summary>
    public static void AddEvent(string name, string tag, string value)
    {
        if (Activity.Current is { IsAllDataRequested: true } current && ReferenceEquals(current.Source, Source))
        {
            current.AddEvent(new ActivityEvent(name, tags: new ActivityTagsCollection { [tag] = value }));
        }
    }

    // The request span's tags, the same on both HTTP paths (OpenTelemetry's HTTP server conventions).
    private static void TagRequest(Activity activity, string method, string? path, string scheme, string protocolVersion, string? clientAddress, string listenerId)
    {
        activity.SetTag("http.request.method", method);
        activity.SetTag("url.path", path);
        activity.SetTag("url.scheme", scheme);
        activity.SetTag("network.protocol.name", "http");
        activity.SetTag("network.protocol.version", protocolVersion);
        activity.SetTag("client.address", clientAddress);
        activity.SetTag("gateway.listener", listenerId);
    }

    private static Activity? StartChild(string name, ActivityKind kind) =>
        InRequestSpan ? Source.StartActivity(name, kind) : null;

    /// <summary>Whether the code runs inside a request's span of ours, so child spans (rules, forward, try) would be made.</summary>
    /// <remarks>Untraced (no listener: the usual case) it is one field read, not the execution context's lookup of <see cref="Activity.Current"/>.</remarks>
    public static bool InRequestSpan => Source.HasListeners() && Activity.Current is { } parent && ReferenceEquals(parent.Source, Source);

    private static ActivityContext IncomingParent(IHeaderDictionary headers)
    {
        DistributedContextPropagator.Current.ExtractTraceIdAndState(headers, static (carrier, field, out value, out values) =>
        {
            values = null;
            value = carrier is IHeaderDictionary h && h.TryGetValue(field, out StringValues found) ? found.ToString() : null;
        }, out var traceParent, out var traceState);
        return ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var context) ? context : default;
    }

    private static string ProtocolVersion(string protocol) => protocol switch
    {
        "HTTP/1.1" => "1.1",
        "HTTP/2" => "2",
        "HTTP/3" => "3",
        "HTTP/1.0" => "1.0",
        _ => protocol,
    };
}
