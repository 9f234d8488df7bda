using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;

namespace Gateway.Connections;

/// <summary>
/// A listener's client timeouts around HTTP/1 requests, for one connection, as HAProxy applies them: from the connection's
/// start a whole request head must arrive within the request header timeout (<c>timeout http-request</c>); after a
/// response the connection may wait idle for its next request up to the keep-alive timeout (<c>timeout
/// http-keep-alive</c>), and from the first byte of that request its head must be whole within the request header timeout
/// again. Past a deadline the connection is closed. A request in progress has no deadline here (its body and the server's
/// answer have their own). Both HTTP paths report to it: the HTTP/1.1 core from its read loop, Kestrel's HTTP server
/// through <see cref="RequestBytesWatch"/> (bytes arriving, a head in Kestrel's hands) and the listener rules middleware. Deadlines are checked
/// on the shared one-second <see cref="ConnectionHeartbeat"/>, as Kestrel checks its own, so a connection holds no timer
/// and a request costs a few field writes. Kestrel's own host-wide limits still apply above these; HTTP/2 and HTTP/3
/// connections carry several requests at once and keep only Kestrel's.
/// </summary>
internal sealed class RequestHeaderWatchdog : IHeartbeatWatch, IDisposable
{
    private const long NoDeadline = long.MaxValue;

    private readonly ConnectionContext _connection;
    private readonly ConnectionHeartbeat _heartbeat;
    private readonly TimeSpan _headerTimeout;
    private readonly TimeSpan _keepAliveTimeout;
    private long _deadline;
    private volatile bool _betweenRequests;
    private volatile bool _headMayBeWhole;
    private int _disposed;

    public RequestHeaderWatchdog(ConnectionContext connection, TimeSpan headerTimeout, TimeSpan keepAliveTimeout, ConnectionHeartbeat heartbeat)
    {
        _connection = connection;
        _heartbeat = heartbeat;
        _headerTimeout = headerTimeout;
        _keepAliveTimeout = keepAliveTimeout;
        _deadline = After(headerTimeout);
        heartbeat.Watch(this);
    }

    /// <summary>
    /// Kestrel's path (<see cref="RequestBytesWatch"/>): Kestrel's last step on the input needed no more bytes, so it may
    /// hold a whole head that it is still serving before the request is reported. No deadline cuts the connection then.
    /// </summary>
    public bool HeadMayBeWhole
    {
        get => _headMayBeWhole;
        set => _headMayBeWhole = value;
    }

    /// <summary>Kestrel's HTTP server: a request's headers are in; the next wait begins when its response has ended.</summary>
    public void RequestStarted(HttpContext context)
    {
        HeadersReceived();
        if (!HttpProtocol.IsHttp11(context.Request.Protocol) && !HttpProtocol.IsHttp10(context.Request.Protocol))
        {
            Dispose();
            return;
        }

        context.Response.OnCompleted(static state =>
        {
            ((RequestHeaderWatchdog)state).ResponseEnded();
            return Task.CompletedTask;
        }, this);
    }

    /// <summary>A request's head is in: no deadline until its response ends.</summary>
    public void HeadersReceived()
    {
        _betweenRequests = false;
        Volatile.Write(ref _deadline, NoDeadline);
    }

    /// <summary>A response has ended: the connection may wait for its next request up to the keep-alive timeout.</summary>
    public void ResponseEnded()
    {
        Volatile.Write(ref _deadline, After(_keepAliveTimeout));
        _betweenRequests = true;
    }

    /// <summary>Bytes of the next request arrived after a keep-alive wait: its head must be whole within the request header timeout.</summary>
    public void RequestBytesArrived()
    {
        if (_betweenRequests)
        {
            _betweenRequests = false;
            Volatile.Write(ref _deadline, After(_headerTimeout));
        }
    }

    public bool OnHeartbeat(long timestamp)
    {
        if (Volatile.Read(ref _disposed) == 1)
        {
            return false;
        }

        if (timestamp < Volatile.Read(ref _deadline) || _headMayBeWhole)
        {
            return true;
        }

        _connection.Abort(new ConnectionAbortedException(_betweenRequests
            ? $"The client sent no new request within {_keepAliveTimeout.TotalSeconds:0.###} s of the last response (the listener's keep-alive timeout)."
            : $"The client did not send a request's headers within {_headerTimeout.TotalSeconds:0.###} s (the listener's request header timeout)."));
        return false;
    }

    private long After(TimeSpan timeout)
    {
        var time = _heartbeat.Time;
        return time.GetTimestamp() + (long)(timeout.TotalSeconds * time.TimestampFrequency);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _heartbeat.Unwatch(this);
        }
    }
}
