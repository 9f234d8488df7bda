using Gateway.Checkpoints;
using Gateway.Core.Configuration;
using Gateway.Core.StickTables;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Gateway.Diagnostics;
using Gateway.Model;
using Gateway.ProxyProtocol;

namespace Gateway.Connections;

/// <summary>
/// First connection middleware of every gateway listener, in the order HAProxy applies them: the
/// PROXY protocol header (when the listener accepts one; its client address replaces the socket's
/// for everything after), then the <c>tcp-request connection</c> rules (a rejected connection is
/// closed before a byte of HTTP is read), then the tag naming the listener, which keeps gateway
/// and host endpoints apart. TLS joins here.
/// </summary>
internal sealed partial class ListenerConnectionMiddleware(ConnectionDelegate next, string listenerId, ListenerConnectionServices services)
{
    private readonly GatewayListenerFeature _feature = new(listenerId);
    private readonly LogLimiter _proxyErrorLog = new(services.Time, TimeSpan.FromSeconds(10));

    private readonly ConnectionLimiter _limiter = services.Counters.Limiter(listenerId);

    public Task OnConnectionAsync(ConnectionContext connection)
    {
        var snapshot = services.Snapshots.Current;
        // Read per connection, so PROXY protocol and limit changes take effect without a restart.
        var listener = snapshot.Listener(listenerId);
        if (listener?.MaxConnections is { } limit)
        {
            return LimitedAsync(connection, snapshot, listener, limit);
        }

        return listener?.AcceptProxy == true ? WithProxyHeaderAsync(connection, snapshot) : AfterProxyHeader(connection, snapshot);
    }

    private async Task LimitedAsync(ConnectionContext connection, GatewaySnapshot snapshot, ListenerConfig listener, int limit)
    {
        if (!await _limiter.EnterAsync(limit, connection.ConnectionClosed))
        {
            return;
        }

        try
        {
            await (listener.AcceptProxy ? WithProxyHeaderAsync(connection, snapshot) : AfterProxyHeader(connection, snapshot));
        }
        finally
        {
            _limiter.Exit();
        }
    }

    private async Task WithProxyHeaderAsync(ConnectionContext connection, GatewaySnapshot snapshot)
    {
        // Not ConnectionClosed: Kestrel signals it on the client's FIN, and a client may send its header,
        // its data and a FIN at once (TCP mode). A client that goes away completes the input instead.
        var (header, error) = await ProxyHeaderReader.ReadAsync(connection.Transport.Input, services.Time, CancellationToken.None);
        if (header is null)
        {
            services.Counters.ProxyProtocolError(listenerId);
            if (_proxyErrorLog.ShouldLog(out var suppressed))
            {
                LogProxyError(services.Logger, listenerId, connection.RemoteEndPoint?.ToString(), error!, suppressed);
            }

            connection.Abort(new ConnectionAbortedException("Invalid PROXY protocol header: " + error));
            return;
        }

        if (!header.IsLocal)
        {
            connection.RemoteEndPoint = header.Source;
            connection.LocalEndPoint = header.Destination;
        }

        connection.Features.Set<IProxyProtocolFeature>(new ProxyProtocolFeature(header));
        await AfterProxyHeader(connection, snapshot);
    }

    private Task AfterProxyHeader(ConnectionContext connection, GatewaySnapshot snapshot)
    {
        var rules = ConnectionRules.RunAsync(connection, listenerId, snapshot, services);
        return rules.IsCompletedSuccessfully ? AfterRules(connection, snapshot, rules.Result) : AfterWaitAsync(connection, snapshot, rules);
    }

    /// <summary>A <c>rate-limit</c> checkpoint of the connection rules held the connection in its queue.</summary>
    private async Task AfterWaitAsync(ConnectionContext connection, GatewaySnapshot snapshot, ValueTask<ConnectionVerdict> rules) =>
        await AfterRules(connection, snapshot, await rules);

    private Task AfterRules(ConnectionContext connection, GatewaySnapshot snapshot, ConnectionVerdict verdict)
    {
        var tracking = verdict.Tracking;
        if (verdict.Rejected)
        {
            connection.Abort(new ConnectionAbortedException("Rejected by a tcp-request connection rule."));
            return Task.CompletedTask;
        }

        connection.Features.Set<IGatewayListenerFeature>(_feature);
        return tracking is null ? services.Modes.RunAsync(connection, listenerId, snapshot, next) : TrackedAsync(connection, snapshot, tracking);
    }

    /// <summary>A connection whose rules tracked counters keeps them (conn_cur counts it) until it ends.</summary>
    private async Task TrackedAsync(ConnectionContext connection, GatewaySnapshot snapshot, StickTracking tracking)
    {
        try
        {
            await services.Modes.RunAsync(connection, listenerId, snapshot, next);
        }
        finally
        {
            tracking.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listener {Listener} closed a connection from {Client}: {Error} (listener accepts the PROXY protocol; {Suppressed} more such connection(s) not logged in the last 10 s).")]
    private static partial void LogProxyError(ILogger logger, string listener, string? client, string error, int suppressed);
}

/// <summary>What the connection middleware of every listener shares.</summary>
internal sealed record ListenerConnectionServices(IGatewaySnapshotAccessor Snapshots, ConnectionCounters Counters, TimeProvider Time, ILogger Logger, ListenerModeHandler Modes, RateCheckpoints Checkpoints)
{
    public static ListenerConnectionServices From(IServiceProvider services) => new(
        services.GetRequiredService<IGatewaySnapshotAccessor>(),
        services.GetRequiredService<ConnectionCounters>(),
        services.GetRequiredService<TimeProvider>(),
        services.GetRequiredService<ILoggerFactory>().CreateLogger("Gateway.Listeners"),
        services.GetRequiredService<ListenerModeHandler>(),
        services.GetRequiredService<RateCheckpoints>());
}
