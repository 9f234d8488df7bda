using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Gateway.Connections;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Http1.Transport;

/// <summary>
/// Kestrel's transport for the plain HTTP listeners the core serves (<see cref="Model.GatewayOptions.CoreClientSockets"/>):
/// it accepts their sockets itself, so that the core can read a client's socket without Kestrel's receive loop and
/// pipe in between (<see cref="ClientSocketConnection"/>). Only endpoints the listener set-up claimed are bound here;
/// Kestrel binds every other one (the admin's, TLS listeners, host URLs) with its own socket transport. A connection
/// the core does not serve gets Kestrel's own socket connection on the same socket, made on first use.
/// </summary>
/// <remarks>
/// Registered after Kestrel's socket transport (<c>AddGateway</c> runs after the web host made its services): Kestrel
/// asks the last registered transport first. If a host registers the gateway before Kestrel, Kestrel's transport binds
/// everything and the core reads through its pipe, as without the option.
/// </remarks>
internal sealed partial class ClientSocketTransportFactory : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    private static readonly object Claimed = new();

    private readonly ConditionalWeakTable<EndPoint, object> _claimed = [];
    private readonly SocketTransportOptions _options;
    private readonly Lazy<SocketConnectionContextFactory> _kestrel;
    private readonly ConnectionHeartbeat _heartbeat;
    private readonly ILogger _logger;
    private long _accepted;

    public ClientSocketTransportFactory(IOptions<SocketTransportOptions> options, ILoggerFactory loggers, ConnectionHeartbeat heartbeat)
    {
        _options = options.Value;
        _heartbeat = heartbeat;
        _logger = loggers.CreateLogger("Gateway.Listeners.ClientSockets");
        var kestrelLogger = loggers.CreateLogger("Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets");
        _kestrel = new(() => new SocketConnectionContextFactory(KestrelOptions(_options), kestrelLogger));
    }

    /// <summary>Kestrel's socket connections made here behave as those of its own transport: the same options and pools.</summary>
    private static SocketConnectionFactoryOptions KestrelOptions(SocketTransportOptions options)
    {
        // Its memory pool factory cannot be set from outside Kestrel: these connections take Kestrel's default pool.
        return new SocketConnectionFactoryOptions
        {
            IOQueueCount = options.IOQueueCount,
            WaitForDataBeforeAllocatingBuffer = options.WaitForDataBeforeAllocatingBuffer,
            MaxReadBufferSize = options.MaxReadBufferSize,
            MaxWriteBufferSize = options.MaxWriteBufferSize,
            UnsafePreferInlineScheduling = options.UnsafePreferInlineScheduling,
        };
    }

    /// <summary>Binds <paramref name="endPoint"/> (the very instance a listener's <c>ListenOptions</c> holds) here when Kestrel binds it.</summary>
    public void Claim(EndPoint endPoint) => _claimed.AddOrUpdate(endPoint, Claimed);

    public bool CanBind(EndPoint endpoint) => endpoint is IPEndPoint && _claimed.TryGetValue(endpoint, out _);

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        Socket socket;
        try
        {
            socket = _options.CreateBoundListenSocket(endpoint);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            // As Kestrel's own transport reports it, so the listener's failure reads the same.
            throw new AddressInUseException(e.Message, e);
        }

        try
        {
            socket.Listen(_options.Backlog);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new ValueTask<IConnectionListener>(new ClientSocketListener(socket, this));
    }

    /// <summary>Connections accepted here so far (for tests and diagnostics).</summary>
    public long AcceptedCount => Interlocked.Read(ref _accepted);

    internal ConnectionContext Accepted(Socket socket)
    {
        Interlocked.Increment(ref _accepted);
        if (_options.NoDelay)
        {
            socket.NoDelay = true;
        }

        return new ClientSocketConnection(socket, _kestrel, _heartbeat);
    }

    internal void AcceptFailed(SocketException e) => LogAcceptFailed(_logger, e.SocketErrorCode, e);

    [LoggerMessage(1, LogLevel.Debug, "A connection was dropped before it was accepted ({Error}).", EventName = "AcceptFailed")]
    private static partial void LogAcceptFailed(ILogger logger, SocketError error, Exception exception);
}
