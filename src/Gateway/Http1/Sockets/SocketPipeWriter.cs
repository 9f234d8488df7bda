using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;
using Microsoft.AspNetCore.Connections;

namespace Gateway.Http1.Sockets;

/// <summary>
/// A <see cref="PipeWriter"/> that sends straight to a connected <see cref="Socket"/> from buffers of
/// <see cref="SocketBufferPool"/>: what the core writes its answers through to a client on a plain TCP connection.
/// </summary>
/// <remarks>
/// Hand-written for the same reason as <see cref="SocketPipeReader"/>: Kestrel's socket transport puts a
/// <see cref="Pipe"/> and a send loop between the core and the socket, and every answer pays for them (the pipe's lock on
/// each GetSpan, Advance and flush, the loop's read, advance and result, a sender rented and returned, a hop of the
/// execution context: 3.5 % of the core's CPU per request at 100 B, 7 % at 16 KiB, docs/benchmarks.md). Here a flush is one <c>send</c> (one <c>sendmsg</c>
/// gathering every buffer when there are several) on the flushing thread, and no allocation when the kernel takes the
/// bytes at once; a flush that has to wait is the socket's own pooled <see cref="ValueTask{TResult}"/> underneath, with
/// this writer as the source of the flush's result (one flush at a time), continued on the thread that completed the send.
/// <para>
/// Semantics the core relies on, as Kestrel's output pipe gives them: writes are buffered until
/// <see cref="FlushAsync"/>, which sends all of them and completes when the kernel took them (so a client that does not
/// read holds the flush, without holding a thread); a failed send (the client reset or gone) is not an exception but
/// <see cref="FlushResult.IsCompleted"/>, for this flush and every later one, and the failure is reported once
/// (the connection is aborted then, so its <c>ConnectionClosed</c> fires, as when Kestrel's send loop fails);
/// a flush made while the socket engine's turn runs its receives is held to the turn's end
/// (<see cref="SocketEngineTurn.TryHoldSend"/>, so the turn's sends go out back to back) and completes at once, as a
/// flush into Kestrel's pipe completes before its send loop sends, a failure of the held send being reported as any
/// other (<c>ConnectionClosed</c>, then the next flush);
/// <see cref="CancelPendingFlush"/> ends the waiting flush, or the next one, with <see cref="FlushResult.IsCanceled"/>
/// while the bytes already handed to the socket still go. <see cref="CompleteAsync"/> sends what is still written and
/// waits for a send in flight, so nothing is lost or overtaken when Kestrel writes or shuts the socket down afterwards;
/// <see cref="Complete"/> drops what was not flushed. Buffers go back to the pool when their send completes, so an idle
/// connection holds none. The socket is the caller's to close.
/// </para>
/// </remarks>
internal sealed class SocketPipeWriter : PipeWriter, IValueTaskSource<FlushResult>, IHeldSend
{
    /// <summary>
    /// The first buffer of a flush: a head and a body of up to about 32 KiB (one read of the server's answer) fit in it,
    /// so the flush is one plain send. With 4 KiB a 16 KiB answer took two buffers and a gathering send, which cost more
    /// than the copy (docs/benchmarks.md, issue 18). The buffer comes from the pool and goes back after the send:
    /// its size costs an idle connection nothing.
    /// </summary>
    public const int MinimumBufferSize = 32 * 1024;

    /// <summary>Each further buffer of the same flush is twice the last, up to this (fewer buffers for a large body).</summary>
    public const int MaximumBufferSize = 64 * 1024;

    /// <summary>
    /// The most a turn may hold unsent (<see cref="SocketEngineTurn.TryHoldSend"/>). Beyond it a flush sends at once and
    /// waits for the client as any other: a relay whose server always has the next bytes waiting (a fast server, a large
    /// answer) reads on without ever waiting, so a held flush without a limit let it read the whole answer into memory
    /// before the turn ended and anything went to the client. A 16 KiB answer and its head are still held whole.
    /// </summary>
    public const int MaxHeldBytes = 64 * 1024;

    private static readonly FlushResult Sent = new(isCanceled: false, isCompleted: false);
    private static readonly FlushResult Canceled = new(isCanceled: true, isCompleted: false);
    private static readonly FlushResult Broken = new(isCanceled: false, isCompleted: true);

    private readonly Socket _socket;
    private readonly BaseConnectionContext? _connection;
    private readonly Lock _sync = new();
    private Action? _onSent; // made at the first send that has to wait
    private ManualResetValueTaskSourceCore<FlushResult> _flush; // continuations run inline: the writer goes on where the send completed
    private ConfiguredValueTaskAwaitable<int>.ConfiguredValueTaskAwaiter _send;
    private PendingWait _wait; // a FlushAsync waiting on _flush (under _sync)

    // Written and not yet sent (the writer's thread only, or the sending thread while a flush waits): whole buffers in
    // _written, then the one being filled, _tail, with _tailLength bytes in it. The lists are made only for a flush of
    // several buffers: an answer that fits one (nearly all) costs a connection nothing more than this object.
    private List<ArraySegment<byte>>? _written;
    private byte[]? _tail;
    private int _tailLength;
    private long _unflushed;
    private int _nextSize = MinimumBufferSize;

    // The buffers of the send in progress (one at a time), given back when it completes: _single when it is one buffer,
    // _sending otherwise.
    private ArraySegment<byte> _single;
    private List<ArraySegment<byte>>? _sending;
    private long _sendingBytes;

    private bool _inFlight; // a send is posted and the kernel has not taken all of it (written under _sync)
    private bool _cancelNext;
    private bool _failed;
    private bool _completed;

    // A flush held to the end of the engine's turn (its bytes still written, not sent). The flow that flushed may go on
    // on another thread before that turn ends (an answer from a server on another engine thread), so it is read at
    // every use of the writer and the held send is made under _sync, cleared only once it was made: a use from another
    // thread first makes it, or waits while the turn's thread makes it.
    private volatile bool _held;
    private int _heldBy; // the managed thread id of the turn that holds it
    private long _heldBytes; // what the held flushes flushed (what was written after them is not flushed yet)

    /// <param name="socket">A connected stream socket.</param>
    /// <param name="connection">The connection the socket is the transport of: aborted once when a send fails (null: only the flush's result says so).</param>
    public SocketPipeWriter(Socket socket, BaseConnectionContext? connection = null)
    {
        _socket = socket;
        _connection = connection;
    }

    /// <summary>How many sends were posted to the socket (the contract tests count them).</summary>
    internal int SendCount { get; private set; }

    /// <summary>Whether a pooled buffer is held (written and not sent, or in a send in flight): none when idle.</summary>
    internal bool HoldsBuffer
    {
        get
        {
            lock (_sync)
            {
                return _tail is not null || _written is { Count: > 0 } || _single.Array is not null || _sending is { Count: > 0 };
            }
        }
    }

    public override bool CanGetUnflushedBytes => true;

    public override long UnflushedBytes => _held ? _unflushed - _heldBytes : _unflushed; // held bytes were flushed

    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        SendHeldFirst();
        Reserve(sizeHint);
        return _tail.AsMemory(_tailLength);
    }

    public override Span<byte> GetSpan(int sizeHint = 0)
    {
        SendHeldFirst();
        Reserve(sizeHint);
        return _tail.AsSpan(_tailLength);
    }

    public override void Advance(int bytes)
    {
        ThrowIfCompleted();
        if (bytes < 0 || (_tail is null ? bytes > 0 : bytes > _tail.Length - _tailLength))
        {
            throw new ArgumentOutOfRangeException(nameof(bytes), "Advanced past the buffer the writer handed out.");
        }

        _tailLength += bytes;
        _unflushed += bytes;
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => Flush(mayHold: true, cancellationToken);

    /// <summary>The end of the turn that held a flush: its bytes go now (and what was written since, in the same send).</summary>
    void IHeldSend.SendHeld()
    {
        if (_held)
        {
            SendHeldNow();
        }
    }

    /// <summary>
    /// A use of the writer while a flush is held: from the thread whose turn holds it, the turn is still running (its end
    /// clears the hold), and what is written joins the held bytes; from any other, the flow went on there, and the held
    /// bytes go first, or it waits while the turn's thread sends them.
    /// </summary>
    private void SendHeldFirst()
    {
        if (_held && _heldBy != Environment.CurrentManagedThreadId)
        {
            SendHeldNow();
        }
    }

    /// <param name="completing">
    /// The writer completes: what was written after the held flushes goes back unsent, as a completion drops what was
    /// not flushed. Otherwise it goes too: the flow that wrote it flushes it next.
    /// </param>
    private void SendHeldNow(bool completing = false)
    {
        Exception? failure = null;
        var waits = false;
        lock (_sync)
        {
            if (!_held)
            {
                return; // sent by the other thread meanwhile
            }

            if (completing)
            {
                DropWrittenAfter(_heldBytes);
            }

            if (!_completed && !_failed && _unflushed > 0)
            {
                // As a flush nobody waits for: taken whole at once, or in flight (a later flush joins it).
                TakeWritten();
                if (SendBatch(out failure))
                {
                    ReleaseSending();
                    _failed = failure is not null;
                }
                else
                {
                    _inFlight = waits = true;
                }
            }

            _held = false; // only now: a use on another thread waited on _sync until the bytes were taken
        }

        if (waits)
        {
            _send.UnsafeOnCompleted(_onSent ??= OnSent);
        }
        else if (failure is not null)
        {
            Abort(failure);
        }
    }

    private ValueTask<FlushResult> Flush(bool mayHold, CancellationToken cancellationToken)
    {
        ThrowIfCompleted();
        if (_held && (!mayHold || _heldBy != Environment.CurrentManagedThreadId || _unflushed > MaxHeldBytes))
        {
            SendHeldNow(); // a flush that may not hold (completing), one from another thread, or more than a turn holds
        }

        if (Volatile.Read(ref _inFlight))
        {
            return JoinSend(cancellationToken);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<FlushResult>(cancellationToken);
        }

        if (Volatile.Read(ref _failed))
        {
            // The client is gone: what was written since goes nowhere, as into Kestrel's pipe once its send loop ended.
            DropWritten();
            return new ValueTask<FlushResult>(Broken);
        }

        if (_unflushed == 0)
        {
            SealTail(); // a buffer asked for and left empty goes back: an idle connection holds none
            return new ValueTask<FlushResult>(TakeCancel() ? Canceled : Sent);
        }

        if (mayHold && _unflushed <= MaxHeldBytes && (_held || SocketEngineTurn.TryHoldSend(this)))
        {
            // Sent when the turn running here has run all its receives (or before, at the writer's use on another thread).
            _heldBytes = _unflushed;
            if (!_held)
            {
                _heldBy = Environment.CurrentManagedThreadId;
                _held = true;
            }

            return new ValueTask<FlushResult>(TakeCancel() ? Canceled : Sent);
        }

        TakeWritten();
        if (SendBatch(out var failure))
        {
            ReleaseSending();
            if (failure is not null)
            {
                Fail(failure);
                return new ValueTask<FlushResult>(Broken);
            }

            return new ValueTask<FlushResult>(TakeCancel() ? Canceled : Sent);
        }

        // The kernel did not take everything at once: the flush waits for the send (the client reads slowly, or not yet).
        _flush.Reset();
        lock (_sync)
        {
            _inFlight = true;
            if (_cancelNext)
            {
                _cancelNext = false;
                _flush.SetResult(Canceled);
            }
            else
            {
                Wait(cancellationToken);
            }
        }

        _send.UnsafeOnCompleted(_onSent ??= OnSent);
        return new ValueTask<FlushResult>(this, _flush.Version);
    }

    public override void CancelPendingFlush()
    {
        lock (_sync)
        {
            if (!_wait.IsWaiting)
            {
                _cancelNext = true;
                return;
            }
        }

        EndWait(canceledBy: null);
    }

    /// <summary>Sends what is still written and waits for a send in flight, then completes (see the remarks).</summary>
    public override ValueTask CompleteAsync(Exception? exception = null)
    {
        if (exception is not null || _completed || (_unflushed == 0 && !Volatile.Read(ref _inFlight)))
        {
            Complete(exception);
            return ValueTask.CompletedTask;
        }

        return DrainAsync();
    }

    private async ValueTask DrainAsync()
    {
        while (_unflushed > 0 || Volatile.Read(ref _inFlight))
        {
            var flushed = await Flush(mayHold: false, CancellationToken.None);
            if (flushed.IsCompleted)
            {
                break;
            }
        }

        Complete();
    }

    public override void Complete(Exception? exception = null)
    {
        if (_held)
        {
            SendHeldNow(completing: true); // a held flush was told its bytes went: they go
        }

        lock (_sync)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            _cancelNext = false;
        }

        // A send in flight keeps its buffers until it completes; what was written after it goes back now.
        DropWritten();
    }

    private void Reserve(int sizeHint)
    {
        ThrowIfCompleted();
        ArgumentOutOfRangeException.ThrowIfNegative(sizeHint);
        var needed = Math.Max(sizeHint, 1);
        if (_tail is not null && _tail.Length - _tailLength >= needed)
        {
            return;
        }

        SealTail();
        _tail = SocketBufferPool.Shared.Rent(Math.Max(needed, _nextSize));
        _tailLength = 0;
        _nextSize = Math.Min(_nextSize * 2, MaximumBufferSize);
    }

    /// <summary>The buffer being filled joins the written ones (or goes back to the pool, empty).</summary>
    private void SealTail()
    {
        if (_tail is null)
        {
            return;
        }

        if (_tailLength > 0)
        {
            (_written ??= []).Add(new ArraySegment<byte>(_tail, 0, _tailLength));
        }
        else
        {
            SocketBufferPool.Shared.Return(_tail);
        }

        _tail = null;
        _tailLength = 0;
    }

    /// <summary>What was written (something was) becomes the batch to send; no send is in progress.</summary>
    private void TakeWritten()
    {
        if (_written is not { Count: > 0 })
        {
            _single = new ArraySegment<byte>(_tail!, 0, _tailLength);
            _tail = null;
            _tailLength = 0;
        }
        else
        {
            SealTail();
            (_sending, _written) = (_written, _sending);
        }

        _sendingBytes = _unflushed;
        _unflushed = 0;
        _nextSize = MinimumBufferSize;
    }

    /// <summary>
    /// Sends the batch until the kernel took all of it or the send failed (true, with the failure), or the socket has to
    /// wait (false: <see cref="_send"/> holds the pending send).
    /// </summary>
    private bool SendBatch(out Exception? failure)
    {
        failure = null;
        try
        {
            while (true)
            {
                SendCount++;
                if (!_socket.Blocking)
                {
                    // A non-blocking socket (the core's own client sockets) first tries a plain send: no SocketAsyncEventArgs
                    // rented, set up and completed, and none made for a connection whose sends never had to wait.
                    var sentNow = _single.Array is not null
                        ? _socket.Send(_single.AsSpan(), SocketFlags.None, out var error)
                        : _socket.Send(_sending!, SocketFlags.None, out error);
                    if (error == SocketError.Success)
                    {
                        if (AllSent(sentNow))
                        {
                            return true;
                        }

                        continue;
                    }

                    if (error != SocketError.WouldBlock)
                    {
                        throw new SocketException((int)error);
                    }
                }

                // One buffer: the socket's ValueTask (no allocation). Several: one gathering sendmsg (a Task, for larger answers only).
                var send = _single.Array is not null
                    ? _socket.SendAsync(_single.AsMemory(), SocketFlags.None, CancellationToken.None)
                    : new ValueTask<int>(_socket.SendAsync(_sending!, SocketFlags.None));
                if (!send.IsCompleted)
                {
                    _send = send.ConfigureAwait(false).GetAwaiter();
                    return false;
                }

                if (AllSent(send.GetAwaiter().GetResult()))
                {
                    return true;
                }
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            failure = e;
            return true;
        }
    }

    /// <summary>
    /// A stream socket's send completes once the kernel took the whole batch; should one ever stop short, the buffers
    /// sent go back and the rest is sent again (false).
    /// </summary>
    private bool AllSent(int sent)
    {
        if (sent >= _sendingBytes)
        {
            return true;
        }

        if (sent <= 0)
        {
            throw new IOException("The socket took no bytes.");
        }

        _sendingBytes -= sent;
        if (_single.Array is not null)
        {
            _single = _single.Slice(sent);
            return false;
        }

        while (sent > 0)
        {
            var first = _sending![0];
            if (sent < first.Count)
            {
                _sending[0] = first.Slice(sent);
                break;
            }

            SocketBufferPool.Shared.Return(first.Array!);
            _sending.RemoveAt(0);
            sent -= first.Count;
        }

        return false;
    }

    private void OnSent()
    {
        Exception? failure = null;
        try
        {
            var sent = _send.GetResult();
            _send = default;
            if (!AllSent(sent) && !SendBatch(out failure))
            {
                _send.UnsafeOnCompleted(_onSent ??= OnSent);
                return;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _send = default;
            failure = e;
        }

        while (true)
        {
            ReleaseSending();
            var more = false;
            var deliver = false;
            lock (_sync)
            {
                if (failure is null && _wait.IsWaiting && !_completed && _unflushed > 0)
                {
                    // A flush joined this send (one cancelled before it left it in flight): what it had written goes next.
                    TakeWritten();
                    more = true;
                }
                else
                {
                    _failed |= failure is not null;
                    _inFlight = false;
                    deliver = _wait.End();
                }
            }

            if (more)
            {
                if (!SendBatch(out failure))
                {
                    _send.UnsafeOnCompleted(_onSent ??= OnSent);
                    return;
                }

                continue;
            }

            if (failure is not null)
            {
                Abort(failure);
            }

            if (deliver)
            {
                _wait.Unregister();
                _flush.SetResult(failure is null ? Sent : Broken); // runs the writer's continuation here: nothing after this
            }

            return;
        }
    }

    /// <summary>A flush while a send is still in flight (a cancelled flush left it): waits for it, then sends what came since.</summary>
    private ValueTask<FlushResult> JoinSend(CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            if (_inFlight)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return ValueTask.FromCanceled<FlushResult>(cancellationToken);
                }

                if (_cancelNext)
                {
                    _cancelNext = false;
                    return new ValueTask<FlushResult>(Canceled);
                }

                SealTail();
                _flush.Reset();
                Wait(cancellationToken);
                return new ValueTask<FlushResult>(this, _flush.Version);
            }
        }

        return FlushAsync(cancellationToken); // the send completed meanwhile
    }

    /// <summary>Under <see cref="_sync"/>: the flush waits for the send, ended early by its token.</summary>
    private void Wait(CancellationToken cancellationToken) =>
        _wait.Begin(static (state, token) => ((SocketPipeWriter)state!).EndWait(token), this, cancellationToken);

    /// <summary>Ends a waiting flush before its send completes: <see cref="CancelPendingFlush"/> (no token) or a cancelled token.</summary>
    private void EndWait(CancellationToken? canceledBy)
    {
        lock (_sync)
        {
            if (!_wait.TryEnd(canceledBy))
            {
                return;
            }

        }

        if (canceledBy is { } token)
        {
            _flush.SetException(new OperationCanceledException(token));
        }
        else
        {
            _wait.Unregister();
            _flush.SetResult(Canceled);
        }
    }

    private bool TakeCancel()
    {
        if (!Volatile.Read(ref _cancelNext))
        {
            return false;
        }

        lock (_sync)
        {
            var cancel = _cancelNext;
            _cancelNext = false;
            return cancel;
        }
    }

    private void Fail(Exception failure)
    {
        lock (_sync)
        {
            _failed = true;
        }

        Abort(failure);
    }

    /// <summary>
    /// As when Kestrel's send loop fails: the transport shuts the socket down, its receive loop ends and the connection's
    /// <c>ConnectionClosed</c> fires, so whatever waits on the client (a forward, a body's read) ends too.
    /// </summary>
    private void Abort(Exception failure) => _connection?.Abort(new ConnectionAbortedException("A send to the client failed.", failure));

    private void ReleaseSending()
    {
        if (_single.Array is not null)
        {
            SocketBufferPool.Shared.Return(_single.Array);
            _single = default;
        }
        else if (_sending is not null)
        {
            foreach (var segment in _sending)
            {
                SocketBufferPool.Shared.Return(segment.Array!);
            }

            _sending.Clear();
        }

        _sendingBytes = 0;
    }

    /// <summary>Under <see cref="_sync"/>: what was written past the first <paramref name="keep"/> bytes goes back unsent.</summary>
    private void DropWrittenAfter(long keep)
    {
        var excess = _unflushed - keep;
        if (excess <= 0)
        {
            return;
        }

        _unflushed = keep;
        var fromTail = (int)Math.Min(excess, _tailLength);
        _tailLength -= fromTail;
        excess -= fromTail;
        while (excess > 0 && _written is { Count: > 0 })
        {
            var last = _written[^1];
            if (last.Count > excess)
            {
                _written[^1] = last.Slice(0, last.Count - (int)excess);
                break;
            }

            SocketBufferPool.Shared.Return(last.Array!);
            _written.RemoveAt(_written.Count - 1);
            excess -= last.Count;
        }
    }

    /// <summary>The writer's own buffers (not a send's in flight) go back to the pool unsent.</summary>
    private void DropWritten()
    {
        lock (_sync)
        {
            SealTail();
            if (_written is not null)
            {
                foreach (var segment in _written)
                {
                    SocketBufferPool.Shared.Return(segment.Array!);
                }

                _written.Clear();
            }

            _unflushed = 0;
            _nextSize = MinimumBufferSize;
        }
    }

    private void ThrowIfCompleted()
    {
        if (_completed)
        {
            throw new InvalidOperationException("Writing is not allowed after the writer was completed.");
        }
    }

    FlushResult IValueTaskSource<FlushResult>.GetResult(short token) => _flush.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<FlushResult>.GetStatus(short token) => _flush.GetStatus(token);

    void IValueTaskSource<FlushResult>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _flush.OnCompleted(continuation, state, token, flags);
}
