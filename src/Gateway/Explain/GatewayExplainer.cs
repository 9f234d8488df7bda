using System.Globalization;
using System.Net;
using Gateway.Checkpoints;
using Gateway.Core.Configuration;
using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;
using Gateway.Core.Rules.Syntax;
using Gateway.Listeners;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Gateway.Connections;
using Gateway.Model;
using Gateway.Http;

namespace Gateway.Explain;

/// <summary>
/// Explains what the gateway would do with a described request, against the live snapshot or any
/// compiled one (a pending transaction, a past revision). The request is built as an
/// <see cref="HttpContext"/> and put through <see cref="GatewayRulePipeline"/>, the code real
/// requests go through, with a trace attached.
/// </summary>
public sealed class GatewayExplainer(IGatewaySnapshotAccessor snapshots)
{
    /// <exception cref="ArgumentException">The listener does not exist or an address is not an IP address.</exception>
    public ExplainResult Explain(ExplainRequest request, GatewaySnapshot? snapshot = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        snapshot ??= snapshots.Current;
        var listener = snapshot.Listener(request.Listener)
            ?? throw new ArgumentException($"There is no listener '{request.Listener}'.", nameof(request));

        var context = Describe(request, listener, snapshot);
        var trace = new RuleTrace();
        var state = new GatewayRuleState(context, snapshot, listener.Id, trace);
        context.Features.Set(state);

        if (CheckpointRunner.Completed(CheckpointRunner.RunAsync(snapshot.Rules.Listener(listener.Id), RulePhase.TcpConnection, state.Session, null, default)) == RuleOutcome.Respond)
        {
            return new ExplainResult { Outcome = ExplainOutcome.Rejected, Trace = trace.Entries };
        }

        if (listener.Mode == ListenerMode.Tcp)
        {
            trace.Note(listener.Id, $"a TCP listener: the connection is forwarded unread to a server of cluster '{listener.DefaultCluster}'");
            return new ExplainResult { Outcome = ExplainOutcome.Forwarded, Trace = trace.Entries, Cluster = listener.DefaultCluster };
        }

        if (CheckpointRunner.Completed(GatewayRulePipeline.RunListenerRequestAsync(state)) == RuleOutcome.Respond)
        {
            return Answered(state, trace);
        }

        var route = RouteSelector.Select(snapshot.Config, listener.Id, context.Request);
        if (route is null && (state.Session.Backend is not { } backend || snapshot.Cluster(backend) is null) && listener.DefaultCluster is null)
        {
            trace.Note(listener.Id, "no route matches and no use-backend chose a cluster");
            return new ExplainResult { Outcome = ExplainOutcome.NotFound, Trace = trace.Entries, Forwarded = Message(context.Request) };
        }

        if (CheckpointRunner.Completed(GatewayRulePipeline.RunRouteRequestAsync(state, route?.Id, route?.Cluster ?? listener.DefaultCluster)) == RuleOutcome.Respond)
        {
            return Answered(state, trace) with { Route = route?.Id, Cluster = state.ClusterId };
        }

        var cluster = snapshot.Config.Clusters.FirstOrDefault(c => c.Id.Equals(state.ClusterId, StringComparison.OrdinalIgnoreCase));
        var servers = cluster?.Servers.Where(s => s.State == ServerState.Ready).ToList() ?? [];
        if (cluster is null)
        {
            trace.Note(listener.Id, $"no cluster named '{state.ClusterId}' is configured: the client would get 503");
        }

        var forwarded = Message(context.Request);
        ExplainedMessage? response = null;
        if (request.Response is { } described)
        {
            ((HttpRuleExchange)state.Session.Exchange).ServerAddressOverride = servers.FirstOrDefault()?.Address;
            context.Response.StatusCode = described.Status;
            foreach (var (name, value) in described.Headers)
            {
                context.Response.Headers.Append(name, value);
            }

            if (GatewayRulePipeline.RunResponse(state) == RuleOutcome.Respond)
            {
                var answer = state.Session.Response!;
                response = new ExplainedMessage { Status = answer.StatusCode, Headers = AnswerHeaders(answer) };
            }
            else
            {
                response = new ExplainedMessage { Status = context.Response.StatusCode, Headers = Fields(context.Response.Headers) };
            }
        }

        return new ExplainResult
        {
            Outcome = ExplainOutcome.Forwarded,
            Trace = trace.Entries,
            Route = route?.Id,
            Cluster = state.ClusterId,
            Servers = [.. servers.Select(s => s.Id)],
            Forwarded = forwarded,
            Response = response,
        };
    }

    private static ExplainResult Answered(GatewayRuleState state, RuleTrace trace) => new()
    {
        Outcome = ExplainOutcome.Answered,
        Trace = trace.Entries,
        Answer = state.Session.Response,
    };

    private static DefaultHttpContext Describe(ExplainRequest request, ListenerConfig listener, GatewaySnapshot snapshot)
    {
        var context = new DefaultHttpContext();
        var http = context.Request;
        http.Method = request.Method.ToUpperInvariant();
        http.Scheme = request.Tls ? "https" : "http";
        http.Protocol = request.HttpVersion switch
        {
            "1.0" => "HTTP/1.0",
            "2.0" or "2" => "HTTP/2",
            "3.0" or "3" => "HTTP/3",
            _ => "HTTP/1.1",
        };

        var target = request.Url;
        if (Uri.TryCreate(target, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            http.Headers.Host = absolute.Authority;
            target = absolute.PathAndQuery;
        }

        var question = target.IndexOf('?', StringComparison.Ordinal);
        http.Path = PathString.FromUriComponent(question < 0 ? target : target[..question]);
        http.QueryString = question < 0 ? QueryString.Empty : new QueryString(target[question..]);
        foreach (var (name, value) in request.Headers)
        {
            http.Headers.Append(name, value);
        }

        var plan = snapshot.Listeners.FirstOrDefault(l => l.Id == listener.Id);
        context.Connection.RemoteIpAddress = Address(request.ClientAddress, "client address");
        context.Connection.RemotePort = request.ClientPort;
        context.Connection.LocalIpAddress = request.LocalAddress is { } local ? Address(local, "local address") : plan?.Address.IPAddress ?? IPAddress.Loopback;
        context.Connection.LocalPort = request.LocalPort ?? plan?.Address.Port ?? 0;
        context.Features.Set<IGatewayListenerFeature>(new GatewayListenerFeature(listener.Id));
        if (request.Tls)
        {
            context.Features.Set<ITlsHandshakeFeature>(new TlsHandshakeDescription(request.Sni));
        }

        return context;
    }

    private static IPAddress Address(string text, string what) =>
        IPAddress.TryParse(text, out var address) ? address : throw new ArgumentException($"The {what} '{text}' is not an IP address.", nameof(text));

    private static ExplainedMessage Message(HttpRequest request) => new()
    {
        Method = request.Method,
        Path = request.Path.ToUriComponent(),
        Query = request.QueryString.Value is { Length: > 1 } query ? query[1..] : "",
        Headers = Fields(request.Headers),
    };

    private static List<KeyValuePair<string, string>> Fields(IHeaderDictionary headers) =>
        [.. headers.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v ?? "")))];

    private static List<KeyValuePair<string, string>> AnswerHeaders(RuleResponse answer)
    {
        var fields = new List<KeyValuePair<string, string>>(answer.Headers);
        if (answer.Location is not null)
        {
            fields.Add(new("Location", answer.Location));
        }

        if (answer.ContentType is not null)
        {
            fields.Add(new("Content-Type", answer.ContentType));
        }

        fields.Add(new("Content-Length", (answer.Body?.Length ?? 0).ToString(CultureInfo.InvariantCulture)));
        return fields;
    }
}
