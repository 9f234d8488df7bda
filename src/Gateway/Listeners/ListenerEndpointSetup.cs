using Gateway.Connections;
using Gateway.Core.Configuration;
using Gateway.Http1.Proxy;
using Gateway.Http1.Transport;
using Microsoft.Extensions.Options;
using Gateway.Tls;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using Gateway.Model;

namespace Gateway.Listeners;

/// <summary>
/// Sets up the Kestrel endpoint of one listener. Runs each time that listener is bound or rebound
/// (at start, when it is added, and when its <see cref="ListenerPlan"/> changes), on a fresh
/// <see cref="ListenOptions"/>. This is the one place where a listener's endpoint is put together.
/// </summary>
internal sealed partial class ListenerEndpointSetup(ILogger<ListenerEndpointSetup> logger, IOptions<GatewayOptions> options, ClientSocketTransportFactory clientSockets)
{
    private int _quicWarned;

    public void Configure(ListenerPlan plan, ListenOptions listenOptions)
    {
        listenOptions.Protocols = plan.Protocols & ~HttpProtocols.Http3;

        // PROXY protocol header, tcp-request connection rules and maxconn run on the raw connection.
        listenOptions.UseGatewayListener(plan.Id);

        // TLS comes after the raw-connection middleware, so the handshake reads what follows the PROXY header.
        var tls = ListenerTls.Configure(listenOptions, plan);

        // A plain HTTP listener that may serve HTTP/1.1: the core can take its client sockets (see GatewayOptions.CoreClientSockets;
        // Linux only, where the socket engine tries a receive before it waits and a socket's TCP state can be read).
        // The mode is read when the endpoint is bound (a switch keeps the socket: a listener switched to TCP mode then
        // gets Kestrel's socket connection on each socket, with Kestrel's default memory pool, until it is bound again).
        if (!tls && options.Value.CoreClientSockets && OperatingSystem.IsLinux() && (listenOptions.Protocols & HttpProtocols.Http1) != 0
            && listenOptions.ApplicationServices.GetRequiredService<IGatewaySnapshotAccessor>().Current.Listener(plan.Id)?.Mode is null or ListenerMode.Http)
        {
            clientSockets.Claim(listenOptions.EndPoint);
        }

        // After TLS: the HTTP/1.1 core reads decrypted requests; what it leaves goes on to Kestrel's HTTP.
        var core = listenOptions.ApplicationServices.GetRequiredService<Http1Services>();
        listenOptions.Use(next => new Http1CoreMiddleware(next, plan.Id, core).OnConnectionAsync);

        // Last before Kestrel's HTTP: the first bytes of each keep-alive request start its header timeout on that path too.
        listenOptions.Use(next => connection => RequestBytesWatch.OnConnectionAsync(connection, next));

        if (plan.AsksForHttp3 && CanServeHttp3(plan, tls))
        {
            listenOptions.Protocols |= HttpProtocols.Http3;
        }
    }

    private bool CanServeHttp3(ListenerPlan plan, bool tls)
    {
        if (!QuicSupport.IsAvailable)
        {
            if (Interlocked.Exchange(ref _quicWarned, 1) == 0)
            {
                LogQuicUnavailable(logger, plan.Id);
            }

            return false;
        }

        if (!tls)
        {
            LogHttp3NeedsTls(logger, plan.Id);
            return false;
        }

        return true;
    }

    [LoggerMessage(20, LogLevel.Warning, "Listener {Listener} asks for HTTP/3, but QUIC is not available on this machine: the native library libmsquic is missing (install the libmsquic package). Listeners serve HTTP/1.1 and HTTP/2 without HTTP/3. This is logged once.", EventName = "Http3Unavailable")]
    private static partial void LogQuicUnavailable(ILogger logger, string listener);

    [LoggerMessage(21, LogLevel.Warning, "Listener {Listener} asks for HTTP/3, which runs only over TLS; it has no certificate, so it serves HTTP/1.1 or HTTP/2 without HTTP/3.", EventName = "Http3NeedsTls")]
    private static partial void LogHttp3NeedsTls(ILogger logger, string listener);
}
