using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Gateway.Async;
using Gateway.Backends;
using Gateway.Http1.Parsing;
using Gateway.Http1.Pool;

namespace Gateway.Http1.Proxy;

/// <summary>How relaying a body ended.</summary>
internal enum RelayEnd
{
    Complete,

    /// <summary>The sender's stream ended before the body did, or its framing was malformed.</summary>
    SourceBroken,

    /// <summary>The receiver went away.</summary>
    DestinationBroken,

    /// <summary>The sender sent slower than the listener's minimum request body rate (<see cref="ClientReadGuard"/>).</summary>
    TooSlow,
}

/// <summary>
/// Relays message bodies by their framing: a Content-Length body byte for byte, a chunked one as it is (framing checked
/// by <see cref="ChunkedFraming"/>), and a response that ends with its connection until the end. Request bodies go from
/// the client's pipe straight to the server's socket, segment by segment (no copy); responses from the server's pipe
/// into the client's.
/// </summary>
internal static class BodyRelay
{
    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder<>))]
    public static async ValueTask<RelayEnd> RequestAsync(PipeReader client, ServerConnection server, long contentLength, ClientReadGuard? guard, CancellationToken cancel)
    {
        var chunked = contentLength < 0;
        var framing = new ChunkedFraming();
        var remaining = contentLength;
        var fairness = new RelayFairness();
        while (chunked ? !framing.Done : remaining > 0)
        {
            guard?.BeforeRead();
            var read = await fairness.Watch(client.ReadAsync(cancel));
            var buffer = read.Buffer;
            if (read.IsCanceled && guard?.Expired == true)
            {
                guard.AfterRead(0);
                client.AdvanceTo(buffer.Start);
                return RelayEnd.TooSlow;
            }

            long take = 0;
            if (chunked)
            {
                foreach (var segment in buffer)
                {
                    var used = framing.Advance(segment.Span);
                    if (used < 0)
                    {
                        guard?.AfterRead(0);
                        client.AdvanceTo(buffer.Start, buffer.End);
                        return RelayEnd.SourceBroken;
                    }

                    take += used;
                    if (framing.Done)
                    {
                        break;
                    }
                }
            }
            else
            {
                take = Math.Min(remaining, buffer.Length);
                remaining -= take;
            }

            // Before the send: the time the server takes the bytes is not the client's.
            guard?.AfterRead(take);
            var body = buffer.Slice(0, take);
            try
            {
                foreach (var segment in body)
                {
                    await fairness.Watch(server.SendAllAsync(segment, cancel));
                }
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or ObjectDisposedException)
            {
                client.AdvanceTo(body.End);
                return RelayEnd.DestinationBroken;
            }

            client.AdvanceTo(body.End);
            if (read.IsCompleted && (chunked ? !framing.Done : remaining > 0) && body.Length == buffer.Length)
            {
                return RelayEnd.SourceBroken;
            }

            if (fairness.Spend(take))
            {
                await RelayFairness.YieldAsync(); // the connections behind this one run
            }
        }

        return RelayEnd.Complete;
    }

    /// <summary>
    /// Relays the response body: <paramref name="contentLength"/> bytes, chunked (-1), or until the server closes (-2).
    /// Each read from the server must come within the exchange's activity timeout (<paramref name="timeout"/>).
    /// </summary>
    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder<>))]
    public static async ValueTask<RelayEnd> ResponseAsync(PipeReader server, PipeWriter client, long contentLength, ActivityTimer timeout)
    {
        var chunked = contentLength == -1;
        var untilClose = contentLength == -2;
        var framing = new ChunkedFraming();
        var remaining = contentLength;
        var first = true;
        var fairness = new RelayFairness();
        while (untilClose || (chunked ? !framing.Done : remaining > 0))
        {
            ReadResult read;
            try
            {
                // What came with the head (a small body) is there already: that first read takes it without a wait. Every
                // read that may wait counts the timeout from its start, so a long relay that always finds data waiting is
                // never cut by a timeout counted from the exchange's start.
                if (!first || !server.TryRead(out read))
                {
                    timeout.Touch();
                    read = await fairness.Watch(server.ReadAsync(timeout.Token));
                }

                first = false;
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or System.Net.Sockets.SocketException)
            {
                return RelayEnd.SourceBroken;
            }

            var buffer = read.Buffer;
            long take;
            if (chunked)
            {
                take = 0;
                foreach (var segment in buffer)
                {
                    var used = framing.Advance(segment.Span);
                    if (used < 0)
                    {
                        server.AdvanceTo(buffer.Start, buffer.End);
                        return RelayEnd.SourceBroken;
                    }

                    take += used;
                    if (framing.Done)
                    {
                        break;
                    }
                }
            }
            else
            {
                take = untilClose ? buffer.Length : Math.Min(remaining, buffer.Length);
                remaining -= take;
            }

            var body = buffer.Slice(0, take);
            foreach (var segment in body)
            {
                client.Write(segment.Span);
            }

            server.AdvanceTo(body.End);
            var flushed = await fairness.Watch(client.FlushAsync());
            if (flushed.IsCompleted || flushed.IsCanceled)
            {
                return RelayEnd.DestinationBroken;
            }

            if (read.IsCompleted && body.Length == buffer.Length)
            {
                return untilClose ? RelayEnd.Complete : RelayEnd.SourceBroken;
            }

            if (fairness.Spend(take))
            {
                await RelayFairness.YieldAsync(); // the connections behind this one run
            }
        }

        if (first)
        {
            // No body (a 204 or 304, an answer to HEAD, a Content-Length of 0): the head written before this call is
            // all there is, and it goes now. Without this flush it waited for the connection's next flush or its end.
            var flushed = await client.FlushAsync();
            if (flushed.IsCompleted || flushed.IsCanceled)
            {
                return RelayEnd.DestinationBroken;
            }
        }

        return RelayEnd.Complete;
    }
}
