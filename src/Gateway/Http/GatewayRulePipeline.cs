using Gateway.Checkpoints;
using Gateway.Core.Rules.Compilation;
using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;
using Gateway.Tracing;

namespace Gateway.Http;

/// <summary>
/// The order scopes run in: listener request rules, then (once a route is chosen) the route's
/// transform chain and the chosen cluster's request rules; on the way back the cluster's, the
/// route's and the listener's response rules. Real requests and simulated ones both go through
/// these methods.
/// </summary>
internal static class GatewayRulePipeline
{
    public static async ValueTask<RuleOutcome> RunListenerRequestAsync(GatewayRuleState state) =>
        Continue(await RunAsync(state, state.Snapshot.Rules.Listener(state.ListenerId), "listener", state.ListenerId).ConfigureAwait(false));

    /// <summary>Runs the route's and then the cluster's request rules; sets <see cref="GatewayRuleState.ClusterId"/>.</summary>
    /// <param name="routeId">The route chosen, or null when only a listener's use-backend sent the request on.</param>
    /// <param name="routeCluster">The route's own cluster.</param>
    public static ValueTask<RuleOutcome> RunRouteRequestAsync(GatewayRuleState state, string? routeId, string? routeCluster)
    {
        if (state.Snapshot.Rules.Any)
        {
            return RunRouteRulesAsync(state, routeId, routeCluster);
        }

        // No rules anywhere in the document (a plain proxy): nothing to run, so no lookup of the scopes' rules by id and no
        // state machine; the outcome is the one the empty scopes would give.
        state.RouteId = routeId;
        state.ClusterId = ChosenCluster(state, routeCluster);
        return new ValueTask<RuleOutcome>(RuleOutcome.Continue);
    }

    private static async ValueTask<RuleOutcome> RunRouteRulesAsync(GatewayRuleState state, string? routeId, string? routeCluster)
    {
        var rules = state.Snapshot.Rules;
        state.RouteId = routeId;
        if (routeId is not null && await RunAsync(state, rules.Route(routeId), "route", routeId).ConfigureAwait(false) == RuleOutcome.Respond)
        {
            return RuleOutcome.Respond;
        }

        state.ClusterId = ChosenCluster(state, routeCluster);
        if (state.ClusterId is null)
        {
            return RuleOutcome.Continue;
        }

        return Continue(await RunAsync(state, rules.Cluster(state.ClusterId), "cluster", state.ClusterId).ConfigureAwait(false));
    }

    /// <summary>
    /// A scope's request rules, in a span of their own when the request is traced; a <c>rate-limit</c> checkpoint may
    /// hold the request in its queue (see <see cref="CheckpointRunner"/>).
    /// </summary>
    private static ValueTask<RuleOutcome> RunAsync(GatewayRuleState state, CompiledRules rules, string scope, string id)
    {
        // Untraced (the usual case) the rules run without a span and without an async frame of their own.
        if (!rules.HasRequestRules || !GatewayTracing.InRequestSpan)
        {
            return CheckpointRunner.RunAsync(rules, RulePhase.HttpRequest, state.Session, state.Checkpoints, state.Aborted);
        }

        return TracedAsync(state, rules, scope, id);
    }

    private static async ValueTask<RuleOutcome> TracedAsync(GatewayRuleState state, CompiledRules rules, string scope, string id)
    {
        var span = GatewayTracing.StartRules("http-request", scope, id);
        var outcome = await CheckpointRunner.RunAsync(rules, RulePhase.HttpRequest, state.Session, state.Checkpoints, state.Aborted).ConfigureAwait(false);
        GatewayTracing.EndRules(span, Name(outcome));
        return outcome;
    }

    /// <summary>Response rules from the innermost scope out: cluster, route, listener. A terminal action stops the rest.</summary>
    public static RuleOutcome RunResponse(GatewayRuleState state)
    {
        var rules = state.Snapshot.Rules;
        if (state.ClusterId is not null && Run(rules.Cluster(state.ClusterId), RulePhase.HttpResponse, state.Session, "cluster", state.ClusterId) == RuleOutcome.Respond)
        {
            return RuleOutcome.Respond;
        }

        if (state.RouteId is not null && Run(rules.Route(state.RouteId), RulePhase.HttpResponse, state.Session, "route", state.RouteId) == RuleOutcome.Respond)
        {
            return RuleOutcome.Respond;
        }

        return Continue(Run(rules.Listener(state.ListenerId), RulePhase.HttpResponse, state.Session, "listener", state.ListenerId));
    }

    /// <summary>One scope's rules in one phase, in a span of its own when the request is traced.</summary>
    private static RuleOutcome Run(CompiledRules rules, RulePhase phase, RuleSession session, string scope, string id)
    {
        if (!(phase == RulePhase.HttpRequest ? rules.HasRequestRules : rules.HasResponseRules))
        {
            return rules.Run(phase, session);
        }

        if (!GatewayTracing.InRequestSpan)
        {
            return rules.Run(phase, session);
        }

        var span = GatewayTracing.StartRules(phase == RulePhase.HttpRequest ? "http-request" : "http-response", scope, id);
        var outcome = rules.Run(phase, session);
        GatewayTracing.EndRules(span, Name(outcome));
        return outcome;
    }

    /// <summary>The outcome as the span's tag spells it (lower case), without a string made per request.</summary>
    private static string Name(RuleOutcome outcome) => outcome switch
    {
        RuleOutcome.Continue => "continue",
        RuleOutcome.Allow => "allow",
        RuleOutcome.Respond => "respond",
        RuleOutcome.Wait => "wait",
        _ => outcome.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// A computed use-backend naming no cluster falls back to the route's (or listener's default) cluster, as HAProxy
    /// falls back to default_backend.
    /// </summary>
    private static string? ChosenCluster(GatewayRuleState state, string? routeCluster) =>
        state.Session.Backend is { } chosen && state.Snapshot.Cluster(chosen) is not null ? chosen : routeCluster;

    /// <summary><c>allow</c> ends its own scope only; the next scope still runs.</summary>
    private static RuleOutcome Continue(RuleOutcome outcome) => outcome == RuleOutcome.Allow ? RuleOutcome.Continue : outcome;
}
