using Gateway.Core.Rules.Runtime;
using Gateway.Core.Rules.Syntax;
using Gateway.Rules;
using Gateway.Snapshots;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Gateway.Listeners;

/// <summary>
/// First connection middleware of every gateway listener: runs the listener's
/// <c>tcp-request connection</c> rules (a rejected connection is closed before a byte is read),
/// then tags the connection with its listener so routing can keep gateway and host endpoints
/// apart. PROXY protocol and TLS join here.
/// </summary>
internal sealed partial class ListenerConnectionMiddleware(ConnectionDelegate next, string listenerId, IGatewaySnapshotAccessor snapshots, ILogger logger)
{
    private readonly GatewayListenerFeature _feature = new(listenerId);

    public Task OnConnectionAsync(ConnectionContext connection)
    {
        var rules = snapshots.Current.Rules.Listener(listenerId);
        if (rules.HasConnectionRules)
        {
            var session = new RuleSession(new ConnectionRuleExchange(connection));
            if (rules.Run(RulePhase.TcpConnection, session) == RuleOutcome.Respond)
            {
                LogRejected(logger, listenerId, connection.RemoteEndPoint?.ToString());
                connection.Abort(new ConnectionAbortedException("Rejected by a tcp-request connection rule."));
                return Task.CompletedTask;
            }
        }

        connection.Features.Set<IGatewayListenerFeature>(_feature);
        return next(connection);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Listener {Listener} rejected a connection from {Client} (tcp-request connection reject).")]
    private static partial void LogRejected(ILogger logger, string listener, string? client);
}
