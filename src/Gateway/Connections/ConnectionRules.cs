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
    /// <returns>True when a rule rejected the connection (counted and logged here; the caller closes it).</returns>
    /// <param name="tracking">Counters the rules tracked, which the caller releases when the connection ends (set on the connection for its requests).</param>
    public static bool Reject(BaseConnectionContext connection, string listenerId, GatewaySnapshot snapshot, ListenerConnectionServices services, out StickTracking? tracking)
    {
        tracking = null;
        var rules = snapshot.Rules.Listener(listenerId);
        if (!rules.HasConnectionRules)
        {
            return false;
        }

        var session = new RuleSession(new ConnectionRuleExchange(connection));
        StickCounting.StartConnection(session, snapshot.StickTables);
        var outcome = rules.Run(RulePhase.TcpConnection, session);
        tracking = StickCounting.Kept(session);
        if (outcome != RuleOutcome.Respond)
        {
            if (tracking is not null)
            {
                connection.Features.Set(new StickTrackingFeature(tracking));
            }

            return false;
        }

        // A rejected connection was counted (as in HAProxy, where track-sc before reject counts it) and ends now.
        tracking?.Release();
        tracking = null;
        services.Counters.Reject(listenerId);
        LogRejected(services.Logger, listenerId, connection.RemoteEndPoint?.ToString());
        return true;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Listener {Listener} rejected a connection from {Client} (tcp-request connection reject).")]
    private static partial void LogRejected(ILogger logger, string listener, string? client);
}
