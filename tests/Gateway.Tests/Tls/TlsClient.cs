using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Gateway.Tests.Tls;

// The certificates are self-signed and made by the test, and the tests check which one was presented
// by its thumbprint: that, not the client's trust store, is what is under test.
#pragma warning disable CA5359

/// <summary>A TLS client over a real socket that reports what the server presented.</summary>
internal static class TlsClient
{
    /// <summary>Handshakes with <paramref name="serverName"/> as SNI (none when null) and returns the SHA-256 thumbprint of the certificate presented and the protocol ALPN chose.</summary>
    public static async Task<(string Thumbprint, string Alpn)> HandshakeAsync(Uri listener, string? serverName, params SslApplicationProtocol[] alpn)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(listener.Host, listener.Port);
        await using var tls = new SslStream(tcp.GetStream());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            // An IP address as target host sends no SNI at all.
            TargetHost = serverName ?? listener.Host,
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
            ApplicationProtocols = alpn.Length == 0 ? null : [.. alpn],
        }, timeout.Token);
        var presented = tls.RemoteCertificate ?? throw new InvalidOperationException("no certificate presented");
        return (Convert.ToHexString(SHA256.HashData(presented.GetRawCertData())), tls.NegotiatedApplicationProtocol.ToString());
    }

    /// <summary>An HTTP client that reaches <paramref name="listener"/> whatever host the URL names (so that host is the SNI), trusting any certificate.</summary>
    public static HttpClient Http(Uri listener) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(listener.Host, listener.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    });
}
