using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;
using Gateway.Core.Rules.Syntax;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Gateway.Model;

namespace Gateway.Connections;

/// <summary>A listener's <c>tcp-request connection</c> rules, run once per connection (TCP or QUIC) before any HTTP.</summary>
internal static partial class ConnectionRules
{
    /// <returns>True when a rule rejected the connection (counted and logged here; the caller closes it).</returns>
    public static bool Reject(BaseConnectionContext connection, string listenerId, GatewaySnapshot snapshot, ListenerConnectionServices services)
    {
        var rules = snapshot.Rules.Listener(listenerId);
        if (!rules.HasConnectionRules)
        {
            return false;
        }

        var session = new RuleSession(new ConnectionRuleExchange(connection));
        if (rules.Run(RulePhase.TcpConnection, session) != RuleOutcome.Respond)
        {
            return false;
        }

        services.Counters.Reject(listenerId);
        LogRejected(services.Logger, listenerId, connection.RemoteEndPoint?.ToString());
        return true;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Listener {Listener} rejected a connection from {Client} (tcp-request connection reject).")]
    private static partial void LogRejected(ILogger logger, string listener, string? client);
}
