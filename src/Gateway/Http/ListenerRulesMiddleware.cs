using Gateway.Core.Rules.Runtime;
using Microsoft.AspNetCore.Http;
using Gateway.Checkpoints;
using Gateway.Connections;
using Gateway.Model;
using Gateway.StickTables;

namespace Gateway.Http;

/// <summary>
/// Runs before routing (installed by a startup filter), so a listener's rewrites of path, host or
/// method decide which route matches, as a frontend's rules do in HAProxy. Requests on the host's
/// own addresses pass straight through.
/// </summary>
internal sealed class ListenerRulesMiddleware(RequestDelegate next, IGatewaySnapshotAccessor snapshots, TimeProvider time, RateCheckpoints checkpoints)
{
    public Task InvokeAsync(HttpContext context)
    {
        var listener = context.Features.Get<IGatewayListenerFeature>();
        context.Features.Get<RequestHeaderWatchdog>()?.RequestStarted(context);
        context.Features.Get<RequestBodyRateLimit>()?.Apply(context);
        var snapshot = snapshots.Current;
        if (listener is null || !snapshot.Rules.Any)
        {
            return next(context);
        }

        var state = new GatewayRuleState(context, snapshot, listener.ListenerId) { Checkpoints = checkpoints, Aborted = ClientHalfClose.WaitToken(context) };
        context.Features.Set(state);
        if (snapshot.StickTables.Any)
        {
            return CountedAsync(context, state);
        }

        return RunAsync(context, state);
    }

    private Task RunAsync(HttpContext context, GatewayRuleState state)
    {
        var run = GatewayRulePipeline.RunListenerRequestAsync(state);
        return run.IsCompletedSuccessfully ? Then(context, state, run.Result) : WaitedAsync(context, state, run);
    }

    private async Task WaitedAsync(HttpContext context, GatewayRuleState state, ValueTask<RuleOutcome> run) =>
        await Then(context, state, await run);

    private Task Then(HttpContext context, GatewayRuleState state, RuleOutcome outcome)
    {
        if (outcome == RuleOutcome.Respond)
        {
            state.NoteRequestAnswered();
            RegexTimeoutReporter.ReportIfTimedOut(context, state);
            return RuleResponseWriter.WriteAsync(context, state.Session.Response!, state.TarpitTimeout(), time, state.ErrorPages());
        }

        return next(context);
    }

    /// <summary>With stick tables: the request counts on its connection's entries, and ends its own trackings once answered.</summary>
    private async Task CountedAsync(HttpContext context, GatewayRuleState state)
    {
        StickCounting.StartRequest(state.Session, state.Snapshot.StickTables, context.Features.Get<StickTrackingFeature>()?.Tracking);
        try
        {
            await RunAsync(context, state);
        }
        finally
        {
            StickCounting.EndRequest(state.Session, StickCounting.IsClientError(state.RequestDenied, state.ServerStatus), context.Request.ContentLength ?? 0, context.Response.ContentLength ?? 0);
        }
    }
}
