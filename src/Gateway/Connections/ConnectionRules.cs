using Gateway.Checkpoints;
using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;
using Gateway.Core.Rules.Syntax;
using Gateway.Core.StickTables;
using Gateway.StickTables;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Gateway.Model;

namespace Gateway.Connections;

/// <summary>A listener's <c>tcp-request connection</c> rules, run once per connection (TCP or QUIC) before any HTTP.</summary>
internal static partial class ConnectionRules
{
    /// <summary>
    /// Runs the rules; a <c>rate-limit</c> checkpoint may hold the connection in its queue first. The result says whether
    /// a rule rejected the connection (counted and logged here; the caller closes it), and the counters the rules tracked,
    /// which the caller releases when the connection ends (they are set on the connection for its requests).
    /// </summary>
    public static ValueTask<ConnectionVerdict> RunAsync(BaseConnectionContext connection, string listenerId, GatewaySnapshot snapshot, ListenerConnectionServices services)
    {
        var rules = snapshot.Rules.Listener(listenerId);
        if (!rules.HasConnectionRules)
        {
            return new(default(ConnectionVerdict));
        }

        var session = new RuleSession(new ConnectionRuleExchange(connection));
        StickCounting.StartConnection(session, snapshot.StickTables);
        var run = CheckpointRunner.RunAsync(rules, RulePhase.TcpConnection, session, services.Checkpoints, connection.ConnectionClosed);
        return run.IsCompletedSuccessfully
            ? new(Decide(connection, listenerId, services, session, run.Result))
            : WaitedAsync(connection, listenerId, services, session, run);
    }

    private static async ValueTask<ConnectionVerdict> WaitedAsync(BaseConnectionContext connection, string listenerId, ListenerConnectionServices services, RuleSession session, ValueTask<RuleOutcome> run) =>
        Decide(connection, listenerId, services, session, await run.ConfigureAwait(false));

    private static ConnectionVerdict Decide(BaseConnectionContext connection, string listenerId, ListenerConnectionServices services, RuleSession session, RuleOutcome outcome)
    {
        var tracking = StickCounting.Kept(session);
        if (outcome != RuleOutcome.Respond)
        {
            if (tracking is not null)
            {
                connection.Features.Set(new StickTrackingFeature(tracking));
            }

            return new(false, tracking);
        }

        // A rejected connection was counted (as in HAProxy, where track-sc before reject counts it) and ends now.
        tracking?.Release();
        services.Counters.Reject(listenerId);
        LogRejected(services.Logger, listenerId, connection.RemoteEndPoint?.ToString());
        return new(true, null);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Listener {Listener} rejected a connection from {Client} (tcp-request connection reject).")]
    private static partial void LogRejected(ILogger logger, string listener, string? client);
}

/// <summary>What a connection's rules decided.</summary>
/// <param name="Rejected">A rule rejected the connection (or a checkpoint refused it).</param>
/// <param name="Tracking">Counters the rules tracked, for the caller to release when the connection ends.</param>
internal readonly record struct ConnectionVerdict(bool Rejected, StickTracking? Tracking);
