using Gateway.Core.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Gateway.Model;

/// <summary>
/// The part of a listener Kestrel holds from the moment it binds. A change to any of it rebinds that
/// listener and only it; everything else (rules, maxconn, accept-proxy, tarpit) is read per connection
/// from the snapshot and needs no rebind. TLS and TCP mode add their bind-time fields here, as values
/// with value equality, so that an unchanged listener compares equal and keeps its socket.
/// </summary>
/// <param name="Protocols">The protocols asked for, HTTP/3 included; what is served also depends on TLS and QUIC (see the listener binding's endpoint set-up).</param>
internal sealed record ListenerPlan(string Id, ListenerAddress Address, HttpProtocols Protocols)
{
    /// <summary>True when the listener asks for HTTP/3 beside HTTP/1.1 and/or HTTP/2.</summary>
    public bool AsksForHttp3 => (Protocols & HttpProtocols.Http3) != 0;

    /// <summary>The address as Kestrel's configuration spells an endpoint URL; TLS is added in code, so always <c>http://</c>.</summary>
    internal string KestrelUrl => Address.Kind switch
    {
        ListenerHostKind.Any => $"http://*:{Address.Port}",
        ListenerHostKind.Localhost => $"http://localhost:{Address.Port}",
        _ => $"http://{Address}",
    };

    internal static ListenerPlan From(ListenerConfig listener)
    {
        if (!ListenerAddress.TryParse(listener.Address, out var address))
        {
            throw new InvalidOperationException($"Listener '{listener.Id}' has an address validation should have refused: '{listener.Address}'.");
        }

        var protocols = HttpProtocols.None;
        if (listener.Protocols.HasFlag(ListenerProtocols.Http1))
        {
            protocols |= HttpProtocols.Http1;
        }

        if (listener.Protocols.HasFlag(ListenerProtocols.Http2))
        {
            protocols |= HttpProtocols.Http2;
        }

        if (listener.Protocols.HasFlag(ListenerProtocols.Http3))
        {
            protocols |= HttpProtocols.Http3;
        }

        return new(listener.Id, address, protocols == HttpProtocols.None ? HttpProtocols.Http1 : protocols) { Tls = listener.Certificates.Count > 0 };
    }

    /// <summary>The listener has certificates, so its endpoint speaks TLS (see <see cref="Tls.ListenerTls"/>).</summary>
    public bool Tls { get; init; }
}
