using System.Net.Sockets;

namespace Gateway.Forwarding.SendProxyHeader;

/// <summary>
/// The HTTP client YARP holds for a send-proxy cluster. It owns no connections itself: each
/// request goes through the pool of the client connection it came from (see
/// <see cref="SendProxyConnectionFeature"/>), whose connections start with that client's PROXY
/// header, written in SocketsHttpHandler's ConnectCallback.
/// </summary>
internal sealed class SendProxyDispatchHandler(SocketsHttpHandler template, int version) : HttpMessageHandler
{
    public static readonly HttpRequestOptionsKey<SendProxyConnectionFeature> ConnectionKey = new("Gateway.SendProxyConnection");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(ConnectionKey, out var connection))
        {
            throw new InvalidOperationException("This cluster sends a PROXY header, which needs the client connection the request came from; only requests arriving on gateway listeners can be sent to it.");
        }

        return connection.GetOrCreate(this, Create).SendAsync(request, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            template.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>A pool for one client connection, configured like the cluster's own (YARP's settings on the template).</summary>
    private HttpMessageInvoker Create(SendProxyConnectionFeature connection)
    {
        var header = connection.Header(version);
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = template.AutomaticDecompression,
            UseCookies = false,
            ActivityHeadersPropagator = template.ActivityHeadersPropagator,
            MaxConnectionsPerServer = template.MaxConnectionsPerServer,
            SslOptions = template.SslOptions,
            EnableMultipleHttp2Connections = template.EnableMultipleHttp2Connections,
            RequestHeaderEncodingSelector = template.RequestHeaderEncodingSelector,
            ConnectTimeout = template.ConnectTimeout,
            PooledConnectionIdleTimeout = template.PooledConnectionIdleTimeout,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    await socket.SendAsync(header, SocketFlags.None, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpMessageInvoker(handler, disposeHandler: true);
    }
}
