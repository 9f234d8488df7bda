using Microsoft.AspNetCore.Connections;

namespace Gateway.Listeners;

/// <summary>
/// First connection middleware of every gateway listener: tags the connection with its listener
/// so routing can keep gateway and host endpoints apart. HTTP requests see connection features
/// through their own feature collection. PROXY protocol, tcp-request rules and TLS join here.
/// </summary>
internal sealed class ListenerConnectionMiddleware(ConnectionDelegate next, string listenerId)
{
    private readonly GatewayListenerFeature _feature = new(listenerId);

    public Task OnConnectionAsync(ConnectionContext connection)
    {
        connection.Features.Set<IGatewayListenerFeature>(_feature);
        return next(connection);
    }
}
