using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;

namespace Gateway.Connections;

/// <summary>
/// A listener's request header timeout (HAProxy's <c>timeout http-request</c>) for one HTTP connection: armed when the
/// connection starts and again when a response ends, disarmed when a request's headers have arrived (its first
/// middleware runs); if it fires, the client has been too slow to send a whole request head (or has kept the
/// connection idle too long), and the connection is closed. Kestrel's own limit applies to the whole host; this one
/// is per listener. HTTP/2 and HTTP/3 connections carry several requests at once and keep Kestrel's own limits.
/// </summary>
internal sealed class RequestHeaderWatchdog : IDisposable
{
    private readonly ConnectionContext _connection;
    private readonly ITimer _timer;
    private readonly TimeSpan _timeout;
    private int _disposed;

    public RequestHeaderWatchdog(ConnectionContext connection, TimeSpan timeout, TimeProvider time)
    {
        _connection = connection;
        _timeout = timeout;
        _timer = time.CreateTimer(static state => ((RequestHeaderWatchdog)state!).Expire(), this, timeout, Timeout.InfiniteTimeSpan);
        connection.ConnectionClosed.Register(static state => ((RequestHeaderWatchdog)state!).Dispose(), this);
    }

    /// <summary>A request's headers are in: stop the clock until its response ends.</summary>
    public void RequestStarted(HttpContext context)
    {
        _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        if (!HttpProtocol.IsHttp11(context.Request.Protocol) && !HttpProtocol.IsHttp10(context.Request.Protocol))
        {
            Dispose();
            return;
        }

        context.Response.OnCompleted(static state =>
        {
            var watchdog = (RequestHeaderWatchdog)state;
            if (Volatile.Read(ref watchdog._disposed) == 0)
            {
                watchdog._timer.Change(watchdog._timeout, Timeout.InfiniteTimeSpan);
            }

            return Task.CompletedTask;
        }, this);
    }

    /// <summary>For a path without an <see cref="HttpContext"/> (the HTTP/1.1 core): a request's head is in, stop the clock.</summary>
    public void HeadersReceived() => _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    /// <summary>For the HTTP/1.1 core: a response has ended, the next request's head must come within the timeout.</summary>
    public void ResponseEnded()
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            _timer.Change(_timeout, Timeout.InfiniteTimeSpan);
        }
    }

    private void Expire() => _connection.Abort(new ConnectionAbortedException($"The client did not send a request's headers within {_timeout.TotalSeconds:0.###} s (the listener's request header timeout)."));

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _timer.Dispose();
        }
    }
}
