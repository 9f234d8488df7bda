using Gateway.Listeners;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Microsoft.AspNetCore.Hosting;

public static class ListenOptionsGatewayExtensions
{
    /// <summary>Marks connections on this endpoint as belonging to gateway listener <paramref name="listenerId"/>.</summary>
    public static ListenOptions UseGatewayListener(this ListenOptions listenOptions, string listenerId)
    {
        ArgumentNullException.ThrowIfNull(listenOptions);
        listenOptions.Use(next => new ListenerConnectionMiddleware(next, listenerId).OnConnectionAsync);
        return listenOptions;
    }
}
