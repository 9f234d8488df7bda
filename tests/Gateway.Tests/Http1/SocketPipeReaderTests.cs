using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Gateway.Http1.Parsing;
using Gateway.Http1.Pool;
using Gateway.Http1.Sockets;

namespace Gateway.Tests.Http1;

/// <summary>
/// The server connections' socket reader against a real loopback socket pair: the <see cref="PipeReader"/> contract the
/// core relies on (partial consume, examined-all-then-wait, many buffers, FIN, RST, cancellation, completion) and that
/// it holds no pooled buffer once everything is consumed.
/// </summary>
public sealed class SocketPipeReaderTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    private const string Response = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Test: split\r\n\r\nhello";

    [Fact]
    public async Task ResponseHead_SplitAtEveryByte_ParsesOnceWhole()
    {
        using var pair = await SocketReaderPair.OpenAsync();
        var bytes = Encoding.ASCII.GetBytes(Response);
        var headLength = Response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        for (var split = 1; split < bytes.Length; split++)
        {
            await pair.SendAsync(bytes.AsMemory(0, split));
            var first = await pair.ReadAsync();
            Assert.Equal(split, first.Buffer.Length); // the second part was not sent yet: the split is real
            var head = new ResponseHead();
            var parsed = ResponseHeadParser.TryParse(first.Buffer, head, headRequest: false);
            var buffer = first.Buffer;
            if (parsed.Kind == HeadParseStatus.Incomplete)
            {
                Assert.True(split < headLength, $"incomplete at {split}");
                pair.Reader.AdvanceTo(buffer.Start, buffer.End);
                await pair.SendAsync(bytes.AsMemory(split));
                var second = await pair.ReadAsync();
                buffer = second.Buffer;
                Assert.Equal(bytes.Length, buffer.Length);
                parsed = ResponseHeadParser.TryParse(buffer, head, headRequest: false);
            }
            else
            {
                await pair.SendAsync(bytes.AsMemory(split));
            }

            Assert.Equal(HeadParseStatus.Complete, parsed.Kind);
            Assert.Equal(headLength, parsed.Length);
            Assert.Equal(200, head.Status);
            Assert.Equal(5, head.ContentLength);
            pair.Reader.AdvanceTo(buffer.GetPosition(parsed.Length));

            var body = await ReadExactlyAsync(pair.Reader, 5);
            Assert.Equal("hello", body);
            Assert.False(pair.Reader.HoldsBuffer); // all consumed: an idle connection holds no buffer
        }
    }

    [Fact]
    public async Task AdvanceTo_ExaminedEverything_NextReadWaitsForNewBytes()
    {
        using var pair = await SocketReaderPair.OpenAsync();
        await pair.SendAsync("abc"u8.ToArray());
        var read = await pair.ReadAsync();
        Assert.Equal("abc", Text(read.Buffer));
        pair.Reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        Assert.False(pair.Reader.TryRead(out _));

        var waiting = pair.Reader.ReadAsync().AsTask();
        Assert.False(waiting.IsCompleted); // nothing new was sent: it must wait, not hand back "abc" again
        await pair.SendAsync("d"u8.ToArray());
        var more = await waiting.WaitAsync(Limit);
        Assert.Equal("abcd", Text(more.Buffer));
        pair.Reader.AdvanceTo(more.Buffer.End);
        Assert.False(pair.Reader.HoldsBuffer);
    }

    [Fact]
    public async Task AdvanceTo_PartlyConsumed_RestComesBackAtOnceUntilExamined()
    {
        using var pair = await SocketReaderPair.OpenAsync();
        await pair.SendAsync("hello world"u8.ToArray());
        var read = await pair.ReadAsync();
        var six = read.Buffer.GetPosition(6);
        pair.Reader.AdvanceTo(six, six); // consumed and examined "hello ": "world" is still unexamined

        var rest = AtOnce(pair.Reader.ReadAsync());
        Assert.Equal("world", Text(rest.Buffer));
        Assert.True(pair.Reader.HoldsBuffer);
        pair.Reader.AdvanceTo(rest.Buffer.GetPosition(2), rest.Buffer.End); // "wo" consumed, all examined

        var waiting = pair.Reader.ReadAsync().AsTask();
        Assert.False(waiting.IsCompleted);
        await pair.SendAsync("!"u8.ToArray());
        var last = await waiting.WaitAsync(Limit);
        Assert.Equal("rld!", Text(last.Buffer));
        pair.Reader.AdvanceTo(last.Buffer.End);
    }

    [Fact]
    public async Task LargeBody_KeptUnconsumed_SpansManyBuffersInOrder()
    {
        using var pair = await SocketReaderPair.OpenAsync();
        var body = new byte[5 * SocketPipeReader.ReadSize + 123];
        for (var i = 0; i < body.Length; i++)
        {
            body[i] = (byte)(i * 31 % 251);
        }

        var sending = pair.SendAsync(body);
        ReadResult read;
        while (true)
        {
            read = await pair.ReadAsync();
            if (read.Buffer.Length >= body.Length)
            {
                break;
            }

            pair.Reader.AdvanceTo(read.Buffer.Start, read.Buffer.End); // nothing consumed: the buffers chain up
        }

        await sending;
        Assert.False(read.Buffer.IsSingleSegment);
        Assert.True(read.Buffer.ToArray().AsSpan().SequenceEqual(body));
        // Consuming the first half frees the buffers before it; the rest stays readable.
        var half = read.Buffer.GetPosition(body.Length / 2);
        pair.Reader.AdvanceTo(half, read.Buffer.End);
        pair.Server.Shutdown(SocketShutdown.Send);
        var end = await pair.ReadAsync();
        Assert.True(end.IsCompleted);
        Assert.True(end.Buffer.ToArray().AsSpan().SequenceEqual(body.AsSpan(body.Length / 2)));
        pair.Reader.AdvanceTo(end.Buffer.End);
        Assert.False(pair.Reader.HoldsBuffer);
    }

    [Fact]
    public async Task LargeBody_ConsumedAsItComes_ArrivesWholeAndLeavesNoBuffer()
    {
        using var pair = await SocketReaderPair.OpenAsync();
        var body = new byte[3 * 1024 * 1024];
        Random.Shared.NextBytes(body);
        var sending = Task.Run(async () =>
        {
            await pair.SendAsync(body);
            pair.Server.Shutdown(SocketShutdown.Send);
        });

        var received = new MemoryStream();
        while (true)
        {
            var read = await pair.ReadAsync();
            // Keep the last few bytes each time, so reads also append to a buffer that still holds some.
            var keep = read.IsCompleted ? 0 : Math.Min(7, read.Buffer.Length);
            var take = read.Buffer.Slice(0, read.Buffer.Length - keep);
            foreach (var segment in take)
            {
                received.Write(segment.Span);
            }

            pair.Reader.AdvanceTo(take.End, read.Buffer.End);
            if (read.IsCompleted)
            {
                break;
            }
        }

        await sending.WaitAsync(Limit);
        Assert.True(received.ToArray().AsSpan().SequenceEqual(body));
        Assert.False(pair.Reader.HoldsBuffer);
    }

    [Fact]
    public async Task Fin_MidBody_CompletesWithWhatWasBuffered()
    {
        using var pair = await SocketReaderPair.OpenAsync();
        await pair.SendAsync("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npart"u8.ToArray());
        var read = await pair.ReadAsync();
        Assert.False(read.IsCompleted);
        pair.Reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);

        pair.Server.Shutdown(SocketShutdown.Send);
        var end = await pair.ReadAsync();
        Assert.True(end.IsCompleted);
        Assert.EndsWith("part", Text(end.Buffer), StringComparison.Ordinal);
        pair.Reader.AdvanceTo(end.Buffer.Start, end.Buffer.End);

        // Ended stays ended, at once, with the bytes still there.
        var again = AtOnce(pair.Reader.ReadAsync());
        Assert.True(again.IsCompleted);
        Assert.Equal(end.Buffer.Length, again.Buffer.Length);
        pair.Reader.AdvanceTo(again.Buffer.End);
        Assert.False(pair.Reader.HoldsBuffer);
    }

    [Fact]
    public async Task Reset_WhileWaiting_ThrowsIOExceptionAroundConnectionReset_AndAgainLater()
    {
        using var pair = await SocketReaderPair.OpenAsync();
        var waiting = pair.Reader.ReadAsync().AsTask();
        Assert.False(waiting.IsCompleted);
        pair.Server.LingerState = new LingerOption(true, 0); // close with RST
        pair.Server.Close();

        var error = await Assert.ThrowsAsync<IOException>(() => waiting.WaitAsync(Limit));
        Assert.Equal(SocketError.ConnectionReset, Assert.IsType<SocketException>(error.InnerException).SocketErrorCode);
        await Assert.ThrowsAsync<IOException>(() => pair.Reader.ReadAsync().AsTask().WaitAsync(Limit));
        Assert.False(pair.Reader.HoldsBuffer);
    }

    [Fact]
    public async Task Reset_BeforeTheRead_ThrowsIOException()
    {
        using var pair = await SocketReaderPair.OpenAsync();
        pair.Server.LingerState = new LingerOption(true, 0);
        pair.Server.Close();
        // The RST may land before or while the read is posted: either way the read fails the same way.
        var error = await Assert.ThrowsAsync<IOException>(() => pair.Reader.ReadAsync().AsTask().WaitAsync(Limit));
        Assert.IsType<SocketException>(error.InnerException);
    }

    [Fact]
    public async Task CancelledToken_EndsTheWait_AndTheBytesGoToTheNextRead()
    {
        using var pair = await SocketReaderPair.OpenAsync();
        using var cancel = new CancellationTokenSource();
        var waiting = pair.Reader.ReadAsync(cancel.Token).AsTask();
        Assert.False(waiting.IsCompleted);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Limit));

        await pair.SendAsync("late"u8.ToArray());
        var read = await pair.ReadAsync();
        Assert.Equal("late", Text(read.Buffer));
        pair.Reader.AdvanceTo(read.Buffer.End);

        // The read after that posts a receive of its own again, and a token cancelled before the read is refused at once.
        await pair.SendAsync("next"u8.ToArray());
        Assert.Equal("next", Text((await pair.ReadAsync()).Buffer));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pair.Reader.ReadAsync(cancel.Token).AsTask());
    }

    [Fact]
    public async Task CancelledToken_OfAnEarlierRead_DoesNotEndALaterOne()
    {
        using var pair = await SocketReaderPair.OpenAsync();
        using var first = new CancellationTokenSource();
        var firstRead = pair.Reader.ReadAsync(first.Token).AsTask();
        Assert.False(firstRead.IsCompleted); // it waits, so its token is registered
        await pair.SendAsync("a"u8.ToArray());
        var read = await firstRead.WaitAsync(Limit);
        pair.Reader.AdvanceTo(read.Buffer.End);

        var waiting = pair.Reader.ReadAsync(CancellationToken.None).AsTask();
        first.Cancel(); // callbacks run here, synchronously
        Assert.False(waiting.IsCompleted);
        await pair.SendAsync("b"u8.ToArray());
        Assert.Equal("b", Text((await waiting.WaitAsync(Limit)).Buffer));
    }

    [Fact]
    public async Task CancelPendingRead_EndsTheWaitingRead_OrTheNextOne()
    {
        using var pair = await SocketReaderPair.OpenAsync();
        var waiting = pair.Reader.ReadAsync().AsTask();
        Assert.False(waiting.IsCompleted);
        pair.Reader.CancelPendingRead();
        var cancelled = await waiting.WaitAsync(Limit);
        Assert.True(cancelled.IsCanceled);
        Assert.True(cancelled.Buffer.IsEmpty);
        pair.Reader.AdvanceTo(cancelled.Buffer.Start);

        pair.Reader.CancelPendingRead(); // none waiting: the next read is the cancelled one
        var next = AtOnce(pair.Reader.ReadAsync());
        Assert.True(next.IsCanceled);
        pair.Reader.AdvanceTo(next.Buffer.Start);

        await pair.SendAsync("data"u8.ToArray());
        var read = await pair.ReadAsync();
        Assert.False(read.IsCanceled);
        Assert.Equal("data", Text(read.Buffer));
        pair.Reader.AdvanceTo(read.Buffer.End);
    }

    [Fact]
    public async Task Complete_ReturnsTheBuffers_AndLaterCallsThrow()
    {
        using var pair = await SocketReaderPair.OpenAsync();
        await pair.SendAsync("unread"u8.ToArray());
        var read = await pair.ReadAsync();
        pair.Reader.AdvanceTo(read.Buffer.Start);
        Assert.True(pair.Reader.HoldsBuffer);

        pair.Reader.Complete();
        Assert.False(pair.Reader.HoldsBuffer);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await pair.Reader.ReadAsync());
        Assert.Throws<InvalidOperationException>(() => pair.Reader.TryRead(out _));
        Assert.Throws<InvalidOperationException>(() => pair.Reader.AdvanceTo(read.Buffer.End));
        pair.Reader.Complete(); // twice is harmless
    }

    [Fact]
    public async Task Complete_AfterACancelledRead_ReturnsTheBufferWhenTheSocketCloses()
    {
        using var pair = await SocketReaderPair.OpenAsync();
        await pair.SendAsync("part"u8.ToArray());
        var first = await pair.ReadAsync();
        pair.Reader.AdvanceTo(first.Buffer.Start, first.Buffer.End); // kept, all examined: the next receive fills the rest of that buffer

        using var cancel = new CancellationTokenSource();
        var waiting = pair.Reader.ReadAsync(cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Limit));
        Assert.True(pair.Reader.HoldsBuffer); // the receive is still posted into its buffer

        pair.Reader.Complete();
        pair.Gateway.Dispose(); // aborts the receive: its buffer goes back then
        await WaitUntilAsync(() => !pair.Reader.HoldsBuffer);
    }

    [Fact]
    public async Task ReadWaitingForAResponse_HoldsNoBuffer_UntilBytesArrive()
    {
        using var pair = await SocketReaderPair.OpenAsync();
        for (var round = 0; round < 3; round++)
        {
            var waiting = pair.Reader.ReadAsync().AsTask();
            await Task.Delay(50);
            Assert.False(waiting.IsCompleted);
            Assert.False(pair.Reader.HoldsBuffer); // many requests wait on servers at once: none of them holds 32 KiB

            await pair.SendAsync(Encoding.ASCII.GetBytes(Response));
            var read = await waiting.WaitAsync(Limit);
            Assert.Equal(Response, Text(read.Buffer));
            Assert.True(pair.Reader.HoldsBuffer);
            pair.Reader.AdvanceTo(read.Buffer.End);
            Assert.False(pair.Reader.HoldsBuffer);
        }
    }

    [Fact]
    public async Task Fin_WhileWaitingWithNothingBuffered_CompletesEmpty()
    {
        using var pair = await SocketReaderPair.OpenAsync();
        var waiting = pair.Reader.ReadAsync().AsTask();
        Assert.False(waiting.IsCompleted);
        pair.Server.Shutdown(SocketShutdown.Send);

        var end = await waiting.WaitAsync(Limit);
        Assert.True(end.IsCompleted);
        Assert.True(end.Buffer.IsEmpty);
        pair.Reader.AdvanceTo(end.Buffer.End);
        Assert.False(pair.Reader.HoldsBuffer);
        Assert.True(AtOnce(pair.Reader.ReadAsync()).IsCompleted);
    }

    [Fact]
    public async Task CancelledWait_ThenComplete_HoldsNothing_AndTheLateBytesAreDropped()
    {
        using var pair = await SocketReaderPair.OpenAsync();
        using var cancel = new CancellationTokenSource();
        var waiting = pair.Reader.ReadAsync(cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Limit));
        Assert.False(pair.Reader.HoldsBuffer); // only the zero-byte wait is posted

        pair.Reader.Complete();
        await pair.SendAsync("late"u8.ToArray()); // the wait completes now, after the reader was completed
        await Task.Delay(100);
        Assert.False(pair.Reader.HoldsBuffer);
    }

    [Fact]
    public async Task ServerConnection_Close_SendsFin()
    {
        using var pair = await SocketReaderPair.OpenAsync();
        var connection = new ServerConnection(pair.Gateway, "test");
        await connection.SendAllAsync("GET / HTTP/1.1\r\n\r\n"u8.ToArray(), CancellationToken.None);
        var buffer = new byte[64];
        Assert.Equal(18, await ReceiveAtLeastAsync(pair.Server, buffer, 18));

        await connection.DisposeAsync();
        Assert.Equal(0, await pair.Server.ReceiveAsync(buffer.AsMemory()).AsTask().WaitAsync(Limit));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await connection.Input.ReadAsync());
    }

    private static async Task<int> ReceiveAtLeastAsync(Socket socket, byte[] buffer, int count)
    {
        var filled = 0;
        while (filled < count)
        {
            var got = await socket.ReceiveAsync(buffer.AsMemory(filled)).AsTask().WaitAsync(Limit);
            if (got == 0)
            {
                break;
            }

            filled += got;
        }

        return filled;
    }

    private static async Task<string> ReadExactlyAsync(PipeReader reader, int count)
    {
        while (true)
        {
            if (!reader.TryRead(out var read))
            {
                read = await reader.ReadAsync().AsTask().WaitAsync(Limit);
            }

            if (read.Buffer.Length >= count)
            {
                var text = Text(read.Buffer.Slice(0, count));
                reader.AdvanceTo(read.Buffer.GetPosition(count));
                return text;
            }

            Assert.False(read.IsCompleted);
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition());
    }

    /// <summary>A read that must complete without waiting (its bytes were buffered already).</summary>
    private static ReadResult AtOnce(ValueTask<ReadResult> read) =>
        read.IsCompletedSuccessfully ? read.Result : throw new Xunit.Sdk.XunitException("the read waited although its bytes were buffered");

    private static string Text(ReadOnlySequence<byte> buffer) => Encoding.ASCII.GetString(buffer.ToArray());
}
