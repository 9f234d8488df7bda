using System.Collections.Frozen;
using System.Net.Security;
using Gateway.Core.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Gateway.Model;

/// <summary>
/// One TLS listener's certificates, indexed for the handshake: the client's SNI is looked up among
/// exact host names, then among wildcards (<c>*.example.com</c> covers one label), and otherwise gets
/// the listener's first certificate, unless the listener has strict SNI. Where two certificates claim
/// a name, the one the listener names first wins. The server options are built here, once per snapshot.
/// </summary>
internal sealed class ListenerCertificates
{
    private readonly FrozenDictionary<string, SslServerAuthenticationOptions>.AlternateLookup<ReadOnlySpan<char>> _exact;
    private readonly FrozenDictionary<string, SslServerAuthenticationOptions>.AlternateLookup<ReadOnlySpan<char>> _wildcard;

    public ListenerCertificates(ListenerConfig listener, IReadOnlyDictionary<string, LoadedCertificate> certificates)
    {
        Protocols = HttpProtocolsOf(listener.Protocols);
        StrictSni = listener.StrictSni;
        var exact = new Dictionary<string, SslServerAuthenticationOptions>(StringComparer.OrdinalIgnoreCase);
        var wildcard = new Dictionary<string, SslServerAuthenticationOptions>(StringComparer.OrdinalIgnoreCase);
        foreach (var id in listener.Certificates)
        {
            var certificate = certificates[id];
            var options = Options(certificate.Context, Protocols);
            Default ??= options;
            foreach (var name in certificate.HostNames)
            {
                if (name.StartsWith("*.", StringComparison.Ordinal))
                {
                    wildcard.TryAdd(name[2..], options);
                }
                else
                {
                    exact.TryAdd(name, options);
                }
            }
        }

        _exact = exact.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();
        _wildcard = wildcard.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The HTTP versions the options' ALPN offers.</summary>
    public HttpProtocols Protocols { get; }

    public bool StrictSni { get; }

    /// <summary>What a client without a matching SNI gets when the listener is not strict.</summary>
    public SslServerAuthenticationOptions? Default { get; }

    /// <summary>The options for a handshake that asked for <paramref name="serverName"/> (null or empty: no SNI); null means refuse it.</summary>
    public SslServerAuthenticationOptions? Select(string? serverName)
    {
        if (!string.IsNullOrEmpty(serverName))
        {
            var name = serverName.AsSpan().TrimEnd('.');
            if (_exact.TryGetValue(name, out var exact))
            {
                return exact;
            }

            var dot = name.IndexOf('.');
            if (dot > 0 && _wildcard.TryGetValue(name[(dot + 1)..], out var wildcard))
            {
                return wildcard;
            }
        }

        return StrictSni ? null : Default;
    }

    /// <summary>Server options presenting <paramref name="certificate"/> with ALPN offering <paramref name="protocols"/> (h3 alone for a QUIC handshake).</summary>
    public static SslServerAuthenticationOptions Options(SslStreamCertificateContext certificate, HttpProtocols protocols)
    {
        var alpn = new List<SslApplicationProtocol>(2);
        if (protocols == HttpProtocols.Http3)
        {
            alpn.Add(SslApplicationProtocol.Http3);
        }

        // Order matters: the server's preference.
        if ((protocols & HttpProtocols.Http2) != 0)
        {
            alpn.Add(SslApplicationProtocol.Http2);
        }

        if ((protocols & HttpProtocols.Http1) != 0)
        {
            alpn.Add(SslApplicationProtocol.Http11);
        }

        return new SslServerAuthenticationOptions
        {
            ServerCertificateContext = certificate,
            ApplicationProtocols = alpn,
            // HTTP/2 forbids renegotiation (RFC 9113, 9.2.1).
            AllowRenegotiation = (protocols & HttpProtocols.Http2) == 0,
        };
    }

    // A TCP handshake's ALPN offers only the TCP protocols; QUIC handshakes offer h3 (SniHandshakes).
    private static HttpProtocols HttpProtocolsOf(ListenerProtocols protocols) => (protocols & ~ListenerProtocols.Http3) switch
    {
        ListenerProtocols.Http2 => HttpProtocols.Http2,
        ListenerProtocols.Http1 | ListenerProtocols.Http2 => HttpProtocols.Http1AndHttp2,
        _ => HttpProtocols.Http1,
    };
}
