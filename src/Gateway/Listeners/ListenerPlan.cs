using Gateway.Core.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Gateway.Listeners;

/// <summary>What Kestrel needs to bind one listener.</summary>
public sealed record ListenerPlan(string Id, ListenerAddress Address, HttpProtocols Protocols)
{
    internal static ListenerPlan From(ListenerConfig listener)
    {
        if (!ListenerAddress.TryParse(listener.Address, out var address))
        {
            throw new InvalidOperationException($"Listener '{listener.Id}' has an address validation should have refused: '{listener.Address}'.");
        }

        var protocols = listener.Protocols switch
        {
            ListenerProtocols.Http2 => HttpProtocols.Http2,
            ListenerProtocols.Http1 | ListenerProtocols.Http2 => HttpProtocols.Http1AndHttp2,
            _ => HttpProtocols.Http1,
        };
        return new(listener.Id, address, protocols) { Tls = listener.Certificates.Count > 0 };
    }

    /// <summary>The listener has certificates, so its endpoint speaks TLS (see <see cref="Tls.ListenerTls"/>).</summary>
    public bool Tls { get; init; }
}
