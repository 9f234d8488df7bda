using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
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
/// While a head is awaited it also looks for the head's end (the empty line) in what the client sent, and stops the
/// watchdog's clock there. Kestrel says nothing when it has parsed a head, and the listener rules middleware runs only
/// after Kestrel, the hosting layer and the middleware before it: on a cold or starved process that took seconds, and a
/// client that had sent its whole head in time was cut (reset) as if it were slow. HAProxy's <c>timeout http-request</c>
/// ends when the head has arrived, whatever the proxy does next; so does this. Each byte is searched once (the search
/// resumes where the last one stopped, and remembers an end begun in bytes Kestrel has consumed since), and reads
/// made during a request pass straight through.
/// </para>
/// </summary>
internal sealed class RequestBytesWatch : PipeReader, IDuplexPipe
{
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly RequestHeaderWatchdog _watchdog;

    // The last buffer handed to Kestrel while a head was awaited, how many bytes from its start were searched without
    // finding the head's end (AdvanceTo moves that count along with what Kestrel consumed), and how much of an end the
    // searched bytes ended with.
    private ReadOnlySequence<byte> _searchedBuffer;
    private long _searched;
    private int _partial;
    private bool _searching;

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
        Consumed(consumed);
        _watchdog.RequestBytesArrived();
        _input.AdvanceTo(consumed);
    }

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        Consumed(consumed);
        _watchdog.RequestBytesArrived();
        _input.AdvanceTo(consumed, examined);
    }

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (!_watchdog.AwaitingHead)
        {
            return _input.ReadAsync(cancellationToken);
        }

        var read = _input.ReadAsync(cancellationToken);
        if (!read.IsCompletedSuccessfully)
        {
            return SearchedAsync(read);
        }

        var result = read.Result;
        Search(result.Buffer);
        return new ValueTask<ReadResult>(result);
    }

    public override bool TryRead(out ReadResult result)
    {
        if (!_input.TryRead(out result))
        {
            return false;
        }

        if (_watchdog.AwaitingHead)
        {
            Search(result.Buffer);
        }

        return true;
    }

    // Pooled: a keep-alive connection's wait for its next request ends here once per request.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ReadResult> SearchedAsync(ValueTask<ReadResult> read)
    {
        var result = await read.ConfigureAwait(false);
        Search(result.Buffer);
        return result;
    }

    /// <summary>Searches what has not been searched yet for the empty line that ends a head; found, the head is in.</summary>
    private void Search(ReadOnlySequence<byte> buffer)
    {
        if (FindHeadEnd(buffer.Slice(Math.Min(_searched, buffer.Length))))
        {
            _watchdog.HeadersReceived();
            _searched = 0;
            _partial = 0;
            _searching = false;
            _searchedBuffer = default;
            return;
        }

        _searched = buffer.Length;
        _searching = true;
        _searchedBuffer = buffer;
    }

    /// <summary>
    /// Whether the new bytes end a head: by themselves, or by finishing an end that the bytes searched before began
    /// (Kestrel consumes each header line as it parses it, so those may be gone from the buffer).
    /// </summary>
    private bool FindHeadEnd(ReadOnlySequence<byte> unsearched)
    {
        if (_partial > 0)
        {
            var continued = new SequenceReader<byte>(unsearched);
            var matched = _partial;
            while (matched < HeadEnd.Length && continued.TryPeek(out var next) && next == HeadEnd[matched])
            {
                matched++;
                continued.Advance(1);
            }

            if (matched == HeadEnd.Length)
            {
                return true;
            }

            if (continued.End)
            {
                _partial = matched;
                return false;
            }
        }

        var reader = new SequenceReader<byte>(unsearched);
        if (reader.TryReadTo(out ReadOnlySequence<byte> _, HeadEnd))
        {
            return true;
        }

        _partial = PartialEnd(unsearched);
        return false;
    }

    /// <summary>How many bytes of a head's end the bytes end with: "\r", "\r\n" or "\r\n\r" (the longest).</summary>
    private static int PartialEnd(ReadOnlySequence<byte> bytes)
    {
        Span<byte> tail = stackalloc byte[HeadEnd.Length - 1];
        var length = (int)Math.Min(bytes.Length, tail.Length);
        tail = tail[..length];
        bytes.Slice(bytes.Length - length).CopyTo(tail);
        for (var partial = length; partial > 0; partial--)
        {
            if (tail[^partial..].SequenceEqual(HeadEnd[..partial]))
            {
                return partial;
            }
        }

        return 0;
    }

    private void Consumed(SequencePosition consumed)
    {
        if (_searching)
        {
            _searched = Math.Max(0, _searched - _searchedBuffer.Slice(_searchedBuffer.Start, consumed).Length);
            _searching = false;
            _searchedBuffer = default;
        }
    }

    private static ReadOnlySpan<byte> HeadEnd => "\r\n\r\n"u8;

    public override void CancelPendingRead() => _input.CancelPendingRead();

    public override void Complete(Exception? exception = null) => _input.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => _input.CompleteAsync(exception);
}
