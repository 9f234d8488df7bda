using System.Net.Security;
using System.Security.Authentication;
using Gateway.Connections;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;
using Gateway.Diagnostics;
using Gateway.Model;

namespace Gateway.Tls;

/// <summary>
/// Chooses the certificate of each handshake on one listener from the snapshot in force. A handshake
/// the listener will not serve (strict SNI without a match, or no certificates any more) is refused:
/// counted, and logged at most once per 10 s with the number left out.
/// </summary>
internal sealed partial class SniHandshakes(string listenerId, HttpProtocols bound, IGatewaySnapshotAccessor snapshots, ConnectionCounters counters, TimeProvider time, ILogger logger)
{
    private readonly LogLimiter _refusedLog = new(time, TimeSpan.FromSeconds(10));

    // ALPN over TCP chooses between HTTP/1.1 and HTTP/2 only; HTTP/3 is negotiated by QUIC.
    private readonly HttpProtocols _boundOverTcp = bound & HttpProtocols.Http1AndHttp2;

    public ValueTask<SslServerAuthenticationOptions> SelectAsync(TlsHandshakeCallbackContext context) =>
        ValueTask.FromResult(Select(context.Connection, context.ClientHelloInfo.ServerName));

    /// <exception cref="AuthenticationException">The listener does not serve this handshake.</exception>
    internal SslServerAuthenticationOptions Select(BaseConnectionContext connection, string? serverName)
    {
        var certificates = snapshots.Current.Tls.For(listenerId);
        var options = certificates?.Select(serverName);
        if (options is null)
        {
            throw Refuse(connection, serverName, certificates is null
                ? "the listener has no certificates in the configuration in force"
                : string.IsNullOrEmpty(serverName) ? "the client sent no SNI (strict-sni)" : $"no certificate matches SNI '{serverName}' (strict-sni)");
        }

        // A TCP connection reaches its handshake through the listener's middleware, which has tagged it;
        // a QUIC connection's handshake is done by the transport, before any middleware. QUIC's ALPN is h3.
        if (connection.Features.Get<IGatewayListenerFeature>() is null)
        {
            return ListenerCertificates.Options(options.ServerCertificateContext!, HttpProtocols.Http3);
        }

        // ALPN must not offer what the endpoint was not bound for; a protocol change waits for the endpoint to be bound again.
        if (certificates!.Protocols != _boundOverTcp)
        {
            options = ListenerCertificates.Options(options.ServerCertificateContext!, certificates.Protocols & _boundOverTcp);
        }

        return options;
    }

    private AuthenticationException Refuse(BaseConnectionContext connection, string? serverName, string reason)
    {
        counters.CountTlsRefused(listenerId);
        if (_refusedLog.ShouldLog(out var suppressed))
        {
            LogRefused(logger, listenerId, connection.RemoteEndPoint?.ToString(), reason, suppressed);
        }

        return new AuthenticationException($"TLS handshake refused: {reason}.");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listener {Listener} refused a TLS handshake from {Client}: {Reason} ({Suppressed} more such handshake(s) not logged in the last 10 s).")]
    private static partial void LogRefused(ILogger logger, string listener, string? client, string reason, int suppressed);
}
