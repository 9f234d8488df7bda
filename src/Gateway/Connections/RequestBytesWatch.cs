using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;

namespace Gateway.Connections;

/// <summary>
/// The connection's input as Kestrel's HTTP server reads it, passed through unchanged except that it tells the
/// listener's <see cref="RequestHeaderWatchdog"/> when bytes arrive: Kestrel reports a request once its head is whole,
/// but the switch from the keep-alive timeout to the request header timeout happens at the first byte of the next
/// request (HAProxy's order), and Kestrel advances its input after every read that brought bytes. The HTTP/1.1 core
/// reports those bytes from its own read loop and never reads through this. One object per connection (it is both the
/// transport and its input) and a flag test per read.
/// <para>
/// It also tells the watchdog when Kestrel holds a whole head. Kestrel says nothing when it has parsed one, and the
/// listener rules middleware, which reports the request, runs only after Kestrel, the hosting layer and the middleware
/// before it: on a cold or starved process that took seconds, and a client that had sent its whole head in time was cut
/// (reset in CI) as if it were slow, where HAProxy's <c>timeout http-request</c> ends once the head has arrived. Kestrel
/// advances its input to where it examined (<c>consumed == examined</c>) only when it needs no more bytes: a whole head
/// (it then serves the request before it reads again), or every line of a head so far, when it reads again at once. So
/// that advance marks "a head may be in Kestrel's hands" and the next read clears it; the watchdog does not cut a
/// connection while the mark stands. Looking for the head's end in the bytes instead cost 2-3 % of a small request's
/// CPU on this path (the wrapped read's extra hop, measured with bench/profile/ab.sh); this costs two field writes.
/// </para>
/// </summary>
internal sealed class RequestBytesWatch : PipeReader, IDuplexPipe
{
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly RequestHeaderWatchdog _watchdog;

    private RequestBytesWatch(IDuplexPipe transport, RequestHeaderWatchdog watchdog)
    {
        _input = transport.Input;
        _output = transport.Output;
        _watchdog = watchdog;
    }

    public PipeReader Input => this;

    public PipeWriter Output => _output;

    /// <summary>Connection middleware just before Kestrel's HTTP server: watches the input of HTTP connections that have a watchdog.</summary>
    public static Task OnConnectionAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        if (connection.Features.Get<RequestHeaderWatchdog>() is not { } watchdog)
        {
            return next(connection);
        }

        // Not put back afterwards: nothing reads the transport once Kestrel is done with it, and the wrapper passes
        // everything through, so the connection is spared an async frame for its whole life.
        connection.Transport = new RequestBytesWatch(connection.Transport, watchdog);
        return next(connection);
    }

    public override void AdvanceTo(SequencePosition consumed)
    {
        _watchdog.RequestBytesArrived();
        _watchdog.HeadMayBeWhole = true;
        _input.AdvanceTo(consumed);
    }

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        _watchdog.RequestBytesArrived();
        _watchdog.HeadMayBeWhole = consumed.Equals(examined);
        _input.AdvanceTo(consumed, examined);
    }

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        _watchdog.HeadMayBeWhole = false;
        return _input.ReadAsync(cancellationToken);
    }

    public override bool TryRead(out ReadResult result)
    {
        _watchdog.HeadMayBeWhole = false;
        return _input.TryRead(out result);
    }

    public override void CancelPendingRead() => _input.CancelPendingRead();

    public override void Complete(Exception? exception = null) => _input.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => _input.CompleteAsync(exception);
}
