using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Gateway.Connections;

namespace Microsoft.AspNetCore.Hosting;

public static class ListenOptionsGatewayExtensions
{
    /// <summary>Marks connections on this endpoint (TCP and QUIC) as belonging to gateway listener <paramref name="listenerId"/>.</summary>
    public static ListenOptions UseGatewayListener(this ListenOptions listenOptions, string listenerId)
    {
        ArgumentNullException.ThrowIfNull(listenOptions);
        var shared = ListenerConnectionServices.From(listenOptions.ApplicationServices);
        listenOptions.Use(next => new ListenerConnectionMiddleware(next, listenerId, shared).OnConnectionAsync);
        // HTTP/3 connections bypass the pipeline above (Kestrel builds a separate one for QUIC).
        ((IMultiplexedConnectionBuilder)listenOptions).Use(next => new ListenerQuicConnectionMiddleware(next, listenerId, shared).OnConnectionAsync);
        return listenOptions;
    }
}
