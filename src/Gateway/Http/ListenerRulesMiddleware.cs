using Gateway.Core.Rules.Runtime;
using Microsoft.AspNetCore.Http;
using Gateway.Connections;
using Gateway.Model;

namespace Gateway.Http;

/// <summary>
/// Runs before routing (installed by a startup filter), so a listener's rewrites of path, host or
/// method decide which route matches, as a frontend's rules do in HAProxy. Requests on the host's
/// own addresses pass straight through.
/// </summary>
internal sealed class ListenerRulesMiddleware(RequestDelegate next, IGatewaySnapshotAccessor snapshots, TimeProvider time)
{
    public Task InvokeAsync(HttpContext context)
    {
        var listener = context.Features.Get<IGatewayListenerFeature>();
        context.Features.Get<RequestHeaderWatchdog>()?.RequestStarted(context);
        var snapshot = snapshots.Current;
        if (listener is null || !snapshot.Rules.Any)
        {
            return next(context);
        }

        var state = new GatewayRuleState(context, snapshot, listener.ListenerId);
        context.Features.Set(state);
        if (GatewayRulePipeline.RunListenerRequest(state) == RuleOutcome.Respond)
        {
            RegexTimeoutReporter.ReportIfTimedOut(context, state);
            return RuleResponseWriter.WriteAsync(context, state.Session.Response!, state.TarpitTimeout(), time);
        }

        return next(context);
    }
}
