using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Gateway.Http1.Sockets;
using Microsoft.AspNetCore.Connections;

namespace Gateway.Tests.Http1;

/// <summary>
/// The client connections' socket writer against a real loopback socket pair: the <see cref="PipeWriter"/> contract the
/// core relies on (buffered writes sent by one flush in one send, back-pressure from a client that does not read, a reset
/// reported as <see cref="FlushResult.IsCompleted"/>, cancellation, completion that sends what is left) and that it holds
/// no pooled buffer once a flush is done; each with a blocking socket (sends through the socket's asynchronous send) and a
/// non-blocking one (a plain send tried first, as on the core's own client sockets). A flush made while the engine's
/// turn runs its receives (<see cref="SocketEngineTurn.HoldingSends"/> runs code as a turn does) is held to the turn's
/// end and completes at once: one send at the end for all of a turn's flushes, the held bytes first when the writer is
/// used on another thread, and sent by a completion, never dropped.
/// </summary>
public sealed class SocketPipeWriterTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    /// <summary>Far more than the small socket buffers of <see cref="Pair.OpenAsync"/> hold, so a flush of it must wait.</summary>
    private const int Large = 4 * 1024 * 1024;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ManySmallWrites_OneFlush_OneSend(bool nonBlocking)
    {
        using var pair = await Pair.OpenAsync(nonBlocking);
        var expected = new StringBuilder();
        for (var i = 0; i < 100; i++)
        {
            var line = $"X-Field-{i}: {i}\r\n";
            var span = pair.Writer.GetSpan(line.Length);
            pair.Writer.Advance(Encoding.ASCII.GetBytes(line, span));
            expected.Append(line);
        }

        Assert.Equal(expected.Length, pair.Writer.UnflushedBytes);
        var flushed = AtOnce(pair.Writer.FlushAsync()); // the kernel took it at once: no wait
        Assert.False(flushed.IsCompleted || flushed.IsCanceled);
        Assert.Equal(1, pair.Writer.SendCount);
        Assert.Equal(0, pair.Writer.UnflushedBytes);
        Assert.False(pair.Writer.HoldsBuffer);
        Assert.Equal(expected.ToString(), Encoding.ASCII.GetString(await pair.ReceiveAsync(expected.Length)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WritesSpanningSeveralBuffers_OneFlush_OneGatheringSend(bool nonBlocking)
    {
        using var pair = await Pair.OpenAsync(nonBlocking);
        var body = Pattern(SocketPipeWriter.MinimumBufferSize + 4096 + 77); // past the first buffer, within what the kernel takes at once
        pair.Writer.Write("HTTP/1.1 200 OK\r\n\r\n"u8);
        foreach (var chunk in body.Chunk(1000))
        {
            pair.Writer.Write(chunk);
        }

        var flushed = await pair.Writer.FlushAsync();
        Assert.False(flushed.IsCompleted);
        Assert.Equal(1, pair.Writer.SendCount);
        Assert.False(pair.Writer.HoldsBuffer);
        var received = await pair.ReceiveAsync(19 + body.Length);
        Assert.Equal("HTTP/1.1 200 OK\r\n\r\n", Encoding.ASCII.GetString(received, 0, 19));
        Assert.Equal(body, received[19..]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task LargeWrite_PeerNotReading_FlushWaits_ThenEverythingArrivesInOrder(bool nonBlocking)
    {
        using var pair = await Pair.OpenAsync(nonBlocking);
        var body = Pattern(Large);
        pair.Writer.Write(body);
        var flush = pair.Writer.FlushAsync().AsTask();
        await Task.Delay(100);
        Assert.False(flush.IsCompleted); // the peer reads nothing: the flush waits (and this thread was not held)
        Assert.True(pair.Writer.HoldsBuffer);

        var received = await pair.ReceiveAsync(body.Length);
        var flushed = await flush.WaitAsync(Limit);
        Assert.False(flushed.IsCompleted || flushed.IsCanceled);
        Assert.Equal(body, received);
        Assert.False(pair.Writer.HoldsBuffer);

        // The writer goes on as before: the next flush is at once again.
        pair.Writer.Write("next"u8);
        Assert.False(AtOnce(pair.Writer.FlushAsync()).IsCompleted);
        Assert.Equal("next", Encoding.ASCII.GetString(await pair.ReceiveAsync(4)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PeerReset_DuringAWaitingFlush_IsCompleted_NoThrow_ConnectionAbortedOnce(bool nonBlocking)
    {
        using var pair = await Pair.OpenAsync(nonBlocking);
        pair.Writer.Write(Pattern(Large));
        var flush = pair.Writer.FlushAsync().AsTask();
        await Task.Delay(100);
        Assert.False(flush.IsCompleted);
        pair.Reset();

        var flushed = await flush.WaitAsync(Limit);
        Assert.True(flushed.IsCompleted);
        Assert.Single(pair.Failures);
        Assert.IsType<SocketException>(pair.Failures[0]);
        await WaitUntilAsync(() => pair.Connection.ConnectionClosed.IsCancellationRequested); // the connection was aborted
        await WaitUntilAsync(() => !pair.Writer.HoldsBuffer);

        // Later writes go nowhere, and every flush says so at once.
        pair.Writer.Write("more"u8);
        Assert.True(AtOnce(pair.Writer.FlushAsync()).IsCompleted);
        Assert.False(pair.Writer.HoldsBuffer);
        Assert.Single(pair.Failures);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PeerReset_BeforeSmallFlushes_OneOfThemIsCompleted_NoThrow(bool nonBlocking)
    {
        using var pair = await Pair.OpenAsync(nonBlocking);
        pair.Reset();
        // The first send after a reset may still be taken by the kernel (the RST then answers it); a later one fails.
        FlushResult flushed = default;
        for (var i = 0; i < 50 && !flushed.IsCompleted; i++)
        {
            pair.Writer.Write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"u8);
            flushed = await pair.Writer.FlushAsync().AsTask().WaitAsync(Limit);
            await Task.Delay(10);
        }

        Assert.True(flushed.IsCompleted);
        Assert.Single(pair.Failures);
        Assert.False(pair.Writer.HoldsBuffer);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CancelPendingFlush_EndsTheWaitingFlush_TheBytesStillGo(bool nonBlocking)
    {
        using var pair = await Pair.OpenAsync(nonBlocking);
        var body = Pattern(Large);
        pair.Writer.Write(body);
        var flush = pair.Writer.FlushAsync().AsTask();
        await Task.Delay(100);
        Assert.False(flush.IsCompleted);

        pair.Writer.CancelPendingFlush();
        var cancelled = await flush.WaitAsync(Limit);
        Assert.True(cancelled.IsCanceled);
        Assert.False(cancelled.IsCompleted);

        // What comes after the cancelled flush waits for the send it left in flight, then goes in order behind it.
        pair.Writer.Write("tail"u8);
        var next = pair.Writer.FlushAsync().AsTask();
        Assert.False(next.IsCompleted);
        var received = await pair.ReceiveAsync(body.Length + 4);
        var flushed = await next.WaitAsync(Limit);
        Assert.False(flushed.IsCanceled || flushed.IsCompleted);
        Assert.Equal(body, received[..body.Length]);
        Assert.Equal("tail", Encoding.ASCII.GetString(received, body.Length, 4));
        Assert.False(pair.Writer.HoldsBuffer);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CancelPendingFlush_WithNoneWaiting_CancelsTheNextFlush_WhichStillSends(bool nonBlocking)
    {
        using var pair = await Pair.OpenAsync(nonBlocking);
        pair.Writer.CancelPendingFlush();
        pair.Writer.Write("abc"u8);
        var flushed = await pair.Writer.FlushAsync();
        Assert.True(flushed.IsCanceled);
        Assert.Equal("abc", Encoding.ASCII.GetString(await pair.ReceiveAsync(3)));

        pair.Writer.Write("d"u8);
        Assert.False((await pair.Writer.FlushAsync()).IsCanceled); // only the one
        Assert.Equal("d", Encoding.ASCII.GetString(await pair.ReceiveAsync(1)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CancelledToken_EndsTheWait_TheBytesStillGo(bool nonBlocking)
    {
        using var pair = await Pair.OpenAsync(nonBlocking);
        var body = Pattern(Large);
        using var cancel = new CancellationTokenSource();
        pair.Writer.Write(body);
        var flush = pair.Writer.FlushAsync(cancel.Token).AsTask();
        await Task.Delay(100);
        Assert.False(flush.IsCompleted);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flush.WaitAsync(Limit));

        Assert.Equal(body, await pair.ReceiveAsync(body.Length));
        await WaitUntilAsync(() => !pair.Writer.HoldsBuffer);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pair.Writer.FlushAsync(cancel.Token).AsTask());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CompleteAsync_SendsWhatIsLeft_AfterASendInFlight(bool nonBlocking)
    {
        using var pair = await Pair.OpenAsync(nonBlocking);
        var body = Pattern(Large);
        pair.Writer.Write(body);
        var flush = pair.Writer.FlushAsync().AsTask();
        await Task.Delay(100);
        pair.Writer.CancelPendingFlush();
        Assert.True((await flush.WaitAsync(Limit)).IsCanceled);
        pair.Writer.Write("last"u8); // written, not flushed

        var completing = pair.Writer.CompleteAsync().AsTask();
        Assert.False(completing.IsCompleted); // the peer reads nothing yet
        var received = await pair.ReceiveAsync(body.Length + 4);
        await completing.WaitAsync(Limit);
        Assert.Equal(body, received[..body.Length]);
        Assert.Equal("last", Encoding.ASCII.GetString(received, body.Length, 4));
        Assert.False(pair.Writer.HoldsBuffer);
        Assert.Throws<InvalidOperationException>(() => pair.Writer.GetSpan());
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await pair.Writer.FlushAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Complete_DropsWhatWasNotFlushed_ReturnsTheBuffers_AndLaterCallsThrow(bool nonBlocking)
    {
        using var pair = await Pair.OpenAsync(nonBlocking);
        pair.Writer.Write("unsent"u8);
        Assert.True(pair.Writer.HoldsBuffer);

        pair.Writer.Complete();
        Assert.False(pair.Writer.HoldsBuffer);
        Assert.Throws<InvalidOperationException>(() => pair.Writer.GetMemory());
        Assert.Throws<InvalidOperationException>(() => pair.Writer.Advance(0));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await pair.Writer.FlushAsync());
        pair.Writer.Complete(); // twice is harmless
        await pair.Writer.CompleteAsync();

        pair.Gateway.Shutdown(SocketShutdown.Send);
        Assert.Empty(await pair.ReceiveToEndAsync()); // nothing was sent
    }

    /// <summary>
    /// A non-blocking socket's first flush is a plain send: nothing is allocated for it, where the socket's asynchronous
    /// send makes its SocketAsyncEventArgs (and callbacks) the first time and keeps them for the connection's life.
    /// </summary>
    [Fact]
    public async Task NonBlockingSocket_FirstFlush_AllocatesNothing_TheAsynchronousSendDoes()
    {
        using (var warm = await Pair.OpenAsync(nonBlocking: true))
        {
            warm.Writer.Write("warm"u8); // the pool's buffer, the send path's code: ready before anything is counted
            AtOnce(warm.Writer.FlushAsync());
        }

        Assert.Equal(0, await FirstFlushAllocationAsync(nonBlocking: true));
        Assert.True(await FirstFlushAllocationAsync(nonBlocking: false) > 200); // the socket's send event args, at least
    }

    private static async Task<long> FirstFlushAllocationAsync(bool nonBlocking)
    {
        using var pair = await Pair.OpenAsync(nonBlocking);
        pair.Writer.Write("HTTP/1.1 204 No Content\r\n\r\n"u8);
        _ = SocketEngineTurn.OnTurnThread; // the turn's thread statics (a flush reads them) made on this thread before counting
        var before = GC.GetAllocatedBytesForCurrentThread();
        var flushed = AtOnce(pair.Writer.FlushAsync());
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.False(flushed.IsCompleted);
        Assert.Equal("HTTP/1.1 204 No Content\r\n\r\n", Encoding.ASCII.GetString(await pair.ReceiveAsync(27)));
        return allocated;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Advance_PastTheBuffer_Throws(bool nonBlocking)
    {
        using var pair = await Pair.OpenAsync(nonBlocking);
        Assert.Throws<ArgumentOutOfRangeException>(() => pair.Writer.Advance(1)); // no buffer asked for
        var span = pair.Writer.GetSpan(10);
        var length = span.Length;
        Assert.Throws<ArgumentOutOfRangeException>(() => pair.Writer.Advance(length + 1));
        pair.Writer.Advance(length);
        Assert.Equal(length, pair.Writer.UnflushedBytes);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FlushesWhileATurnRuns_AreHeldToItsEnd_ThenGoInOneSend(bool nonBlocking)
    {
        using var pair = await Pair.OpenAsync(nonBlocking);

        SocketEngineTurn.HoldingSends(() =>
        {
            pair.Writer.Write("HTTP/1.1 200 OK\r\n"u8);
            Assert.False(AtOnce(pair.Writer.FlushAsync()).IsCompleted); // held: complete for the caller
            Assert.Equal(0, pair.Writer.UnflushedBytes); // flushed, for the caller
            pair.Writer.Write("Content-Length: 0\r\n\r\n"u8);
            Assert.Equal(21, pair.Writer.UnflushedBytes);
            Assert.False(AtOnce(pair.Writer.FlushAsync()).IsCompleted);
            Thread.Sleep(20);
            Assert.Equal(0, pair.Writer.SendCount);
            Assert.Equal(0, pair.Client.Available); // nothing went yet
        });

        Assert.Equal(1, pair.Writer.SendCount);
        Assert.False(pair.Writer.HoldsBuffer);
        Assert.Equal("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", Encoding.ASCII.GetString(await pair.ReceiveAsync(38)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FlushesWhileATurnRuns_HoldNoMoreThanTheLimit_ThenWaitForTheClient(bool nonBlocking)
    {
        using var pair = await Pair.OpenAsync(nonBlocking);
        var body = Pattern(Large);
        const int Read = 32 * 1024; // one read of a server's answer, relayed and flushed while the turn runs
        var written = 0;
        var sendsInTheTurn = 0;
        ValueTask<FlushResult> waiting = default;

        // A relay whose server always has the next bytes: it reads and flushes on without a wait, inside one turn.
        SocketEngineTurn.HoldingSends(() =>
        {
            while (written < body.Length)
            {
                pair.Writer.Write(body.AsSpan(written, Read));
                written += Read;
                var flush = pair.Writer.FlushAsync();
                if (!flush.IsCompleted)
                {
                    waiting = flush; // back-pressure: the client does not read
                    break;
                }

                Assert.False(flush.Result.IsCompleted);
                Assert.True(pair.Writer.SendCount > 0 || written <= SocketPipeWriter.MaxHeldBytes, $"{written} bytes held without a send");
            }

            sendsInTheTurn = pair.Writer.SendCount;
        });

        Assert.True(written < body.Length, "every flush completed at once: the turn read the whole answer into memory");
        Assert.True(sendsInTheTurn > 0);
        var received = pair.ReceiveAsync(body.Length);
        Assert.False((await waiting.AsTask().WaitAsync(Limit)).IsCompleted);
        while (written < body.Length)
        {
            pair.Writer.Write(body.AsSpan(written, Read));
            written += Read;
            Assert.False((await pair.Writer.FlushAsync().AsTask().WaitAsync(Limit)).IsCompleted);
        }

        Assert.Equal(body, await received);
        Assert.False(pair.Writer.HoldsBuffer);
    }

    [Fact]
    public async Task HeldFlush_WriterUsedOnAnotherThread_TheHeldBytesGoFirst()
    {
        using var pair = await Pair.OpenAsync(nonBlocking: true);

        SocketEngineTurn.HoldingSends(() =>
        {
            pair.Writer.Write("first;"u8);
            Assert.False(AtOnce(pair.Writer.FlushAsync()).IsCompleted);
            // The flow goes on elsewhere before this turn ends (an answer read on another engine thread).
            Task.Run(async () =>
            {
                pair.Writer.Write("second;"u8);
                Assert.Equal(1, pair.Writer.SendCount); // the held bytes went at the first use there
                await pair.Writer.FlushAsync();
            }).Wait(Limit);
            Assert.Equal(2, pair.Writer.SendCount);
        });

        Assert.Equal(2, pair.Writer.SendCount); // the turn's end found nothing held
        Assert.Equal("first;second;", Encoding.ASCII.GetString(await pair.ReceiveAsync(13)));
    }

    [Theory]
    [InlineData(11)]
    [InlineData(SocketPipeWriter.MinimumBufferSize + 5000)] // past the held flush's buffer, into another
    public async Task HeldFlush_ThenComplete_TheHeldBytesStillGo_WhatWasNotFlushedDoesNot(int notFlushed)
    {
        using var pair = await Pair.OpenAsync(nonBlocking: true);

        SocketEngineTurn.HoldingSends(() =>
        {
            pair.Writer.Write("HTTP/1.1 204 No Content\r\n\r\n"u8);
            Assert.False(AtOnce(pair.Writer.FlushAsync()).IsCompleted);
            pair.Writer.Write(Pattern(notFlushed));
            pair.Writer.Complete(); // what a flush was told went, goes; what was never flushed does not
            Assert.Equal(1, pair.Writer.SendCount);
        });

        pair.Gateway.Shutdown(SocketShutdown.Send);
        Assert.Equal("HTTP/1.1 204 No Content\r\n\r\n", Encoding.ASCII.GetString(await pair.ReceiveToEndAsync()));
        Assert.False(pair.Writer.HoldsBuffer);
    }

    [Fact]
    public async Task HeldFlush_ThenCompleteAsync_SendsEverything()
    {
        using var pair = await Pair.OpenAsync(nonBlocking: true);
        var completing = Task.CompletedTask;

        SocketEngineTurn.HoldingSends(() =>
        {
            pair.Writer.Write("held;"u8);
            Assert.False(AtOnce(pair.Writer.FlushAsync()).IsCompleted);
            pair.Writer.Write("after;"u8);
            completing = pair.Writer.CompleteAsync().AsTask(); // a hand-off or the connection's end: nothing may stay behind
        });

        await completing.WaitAsync(Limit);
        pair.Gateway.Shutdown(SocketShutdown.Send);
        Assert.Equal("held;after;", Encoding.ASCII.GetString(await pair.ReceiveToEndAsync()));
    }

    [Fact]
    public async Task HeldFlush_PeerReset_AbortsOnce_AndTheNextFlushIsCompleted()
    {
        using var pair = await Pair.OpenAsync(nonBlocking: true);
        pair.Reset();

        // The first send after a reset may still be taken by the kernel (the RST then answers it); a later one fails.
        for (var i = 0; i < 50 && pair.Failures.Count == 0; i++)
        {
            SocketEngineTurn.HoldingSends(() =>
            {
                pair.Writer.Write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"u8);
                Assert.False(AtOnce(pair.Writer.FlushAsync()).IsCompleted); // held: the failure comes at the turn's end
            });
            await Task.Delay(10);
        }

        Assert.Single(pair.Failures);
        pair.Writer.Write("more"u8);
        Assert.True(AtOnce(pair.Writer.FlushAsync()).IsCompleted);
        Assert.False(pair.Writer.HoldsBuffer);
        Assert.Single(pair.Failures);
    }

    /// <summary>A flush that must complete without waiting.</summary>
    private static FlushResult AtOnce(ValueTask<FlushResult> flush) =>
        flush.IsCompletedSuccessfully ? flush.Result : throw new Xunit.Sdk.XunitException("the flush waited although the kernel could take its bytes at once");

    private static byte[] Pattern(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(i * 31 % 251);
        }

        return bytes;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition());
    }

    /// <summary>A connected loopback pair with small socket buffers: the gateway's end written through the writer under test, the client's read raw.</summary>
    private sealed class Pair : IDisposable
    {
        private Pair(Socket gateway, Socket client)
        {
            Gateway = gateway;
            Client = client;
            Connection = new AbortRecorder();
            Writer = new SocketPipeWriter(gateway, Connection);
        }

        public Socket Gateway { get; }

        public Socket Client { get; }

        public SocketPipeWriter Writer { get; }

        public AbortRecorder Connection { get; }

        /// <summary>Why the connection was aborted, each time it was.</summary>
        public IReadOnlyList<Exception> Failures => Connection.Aborts;

        public static async Task<Pair> OpenAsync(bool nonBlocking)
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(1);
            // Fixed small buffers (no auto-tuning): a few hundred KiB in the kernel at most, so a large flush must wait.
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = 32 * 1024 };
            var accepting = listener.AcceptAsync();
            await client.ConnectAsync(listener.LocalEndPoint!);
            var gateway = await accepting.WaitAsync(Limit);
            gateway.NoDelay = true;
            gateway.SendBufferSize = 32 * 1024;
            gateway.Blocking = !nonBlocking; // non-blocking, as the core's own client sockets are: a plain send is tried first
            return new Pair(gateway, client);
        }

        public async Task<byte[]> ReceiveAsync(int count)
        {
            var buffer = new byte[count];
            var filled = 0;
            while (filled < count)
            {
                var got = await Client.ReceiveAsync(buffer.AsMemory(filled)).AsTask().WaitAsync(Limit);
                Assert.NotEqual(0, got);
                filled += got;
            }

            return buffer;
        }

        public async Task<byte[]> ReceiveToEndAsync()
        {
            var received = new ArrayBufferWriter<byte>();
            while (true)
            {
                var got = await Client.ReceiveAsync(received.GetMemory(4096)).AsTask().WaitAsync(Limit);
                if (got == 0)
                {
                    return received.WrittenSpan.ToArray();
                }

                received.Advance(got);
            }
        }

        /// <summary>The client goes away with a RST (what a browser's tab closed mid-download looks like to the proxy).</summary>
        public void Reset()
        {
            Client.LingerState = new LingerOption(true, 0);
            Client.Close();
        }

        public void Dispose()
        {
            Connection.Dispose();
            Writer.Complete();
            Client.Dispose();
            Gateway.Dispose();
        }
    }

    /// <summary>A connection that records its aborts (what Kestrel's transport does on one: shut the socket down, fire <c>ConnectionClosed</c>).</summary>
    private sealed class AbortRecorder : DefaultConnectionContext, IDisposable
    {
        private readonly List<Exception> _aborts = [];
        private bool _disposed;

        public IReadOnlyList<Exception> Aborts
        {
            get
            {
                lock (_aborts)
                {
                    return [.. _aborts];
                }
            }
        }

        public override void Abort(ConnectionAbortedException abortReason)
        {
            lock (_aborts)
            {
                _aborts.Add(abortReason.InnerException ?? abortReason);
                if (_disposed)
                {
                    return; // a send that failed after the test ended (one it failed on): its token source is gone
                }
            }

            base.Abort(abortReason);
        }

        public void Dispose()
        {
            lock (_aborts)
            {
                _disposed = true;
            }

            DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
