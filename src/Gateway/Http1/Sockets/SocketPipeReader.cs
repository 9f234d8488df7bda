using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;

namespace Gateway.Http1.Sockets;

/// <summary>
/// A <see cref="PipeReader"/> that receives straight from a connected <see cref="Socket"/> into buffers of
/// <see cref="SocketBufferPool"/>: what the core reads server responses through, and the requests of a client whose socket
/// it took (<see cref="Transport.ClientSocketConnection"/>).
/// </summary>
/// <remarks>
/// Hand-written because <c>PipeReader.Create(new NetworkStream(socket))</c> puts a stream, the stream pipe reader's
/// bookkeeping and an async method of each between the core and the socket on every read of a response, and a read
/// is on the hot path of every request. Here a read that finds its data is one <c>recv</c> and no allocation; one that
/// waits is the socket's own pooled <see cref="ValueTask{TResult}"/> with this reader as the source of the result (one
/// read at a time, so one source per connection), continued on the thread that completed the receive.
/// <para>
/// Semantics the core relies on, as <see cref="PipeReader"/> defines them: <see cref="AdvanceTo(SequencePosition, SequencePosition)"/>
/// with everything examined makes the next read wait for new bytes; the end of the stream (the server's FIN) is
/// <see cref="ReadResult.IsCompleted"/> with whatever was still buffered; a socket error is an <see cref="IOException"/>
/// around the <see cref="SocketException"/> (as <see cref="NetworkStream"/> reports it) and is thrown again by later
/// reads; a cancelled token or <see cref="CancelPendingRead"/> ends the waiting read, while the receive itself stays
/// posted and its bytes are kept for the next read. Buffers go back to the pool as soon as they are consumed, so an
/// idle connection holds none; <see cref="Complete"/> returns the rest. The socket is the caller's to close.
/// </para>
/// <para>
/// When the last receive drained the socket (it brought less than it asked for, or nothing was read yet), the next
/// one first waits for data with a zero-byte receive and takes a buffer only once bytes are there, as Kestrel's
/// <c>WaitForDataBeforeAllocatingBuffer</c> does on the client side. A response is waited for far longer than it is
/// read, so otherwise every request in flight held a 32 KiB buffer, and the memory held by waiting reads grew with the
/// connections (with the shared array pool, which keeps 32 per core, buffers were also allocated and dropped all the
/// time; <see cref="SocketBufferPool"/> is deeper, but would still hold one per waiting read). It costs no system call: the receive that
/// finds nothing becomes a one-byte peek, and the epoll wakeup completes the wait without another.
/// </para>
/// <para>
/// That peek still finds nothing on every request: .NET's socket engine tries a receive before it waits. A server
/// connection's reader (<see cref="EngineTurnUse.WhenBatched"/>) therefore defers that receive, under load, to the
/// engine thread's next turn (<see cref="SocketEngineTurn"/>), when the answer is usually there: one receive reads it.
/// One that still finds nothing waits with its buffer; a connection that keeps finding nothing stops deferring for a while.
/// </para>
/// </remarks>
internal sealed class SocketPipeReader : PipeReader, IValueTaskSource<ReadResult>, IValueTaskSource<int>, IDeferredReceive
{
    /// <summary>
    /// Bytes asked for in one receive: a 16 KiB answer and its head usually come in one read (one receive, one flush to
    /// the client) instead of three.
    /// </summary>
    public const int ReadSize = 32 * 1024;

    /// <summary>Bytes asked for in one receive from a client (requests are small; Kestrel's blocks are 4 KiB too).</summary>
    public const int ClientReadSize = 4096;

    /// <summary>Room left in the last buffer below which a receive takes a new buffer instead.</summary>
    private const int MinimumReadSize = 4096;

    private const int MaxSpareSegments = 2;

    /// <summary>
    /// Deferred receives in a row that found nothing, after which a connection's reads wait at once, without a turn, for
    /// <see cref="ReadsWithoutTurn"/> reads: its server answers slower than a batch of events takes.
    /// </summary>
    private const int MissesBeforeBackOff = 4;

    private const int ReadsWithoutTurn = 16;

    private readonly Socket _socket;
    private readonly Lock _sync = new();
    private readonly Action _onReceived;
    private readonly Action _onTurnReceived;
    private readonly EngineTurnUse _turns;
    private readonly bool _waitWithoutBuffer;
    private readonly int _readSize;
    private ManualResetValueTaskSourceCore<int> _turn; // a receive deferred to the engine's next turn (SocketEngineTurn)
    private ConfiguredValueTaskAwaitable<int>.ConfiguredValueTaskAwaiter _turnReceive;
    private int _readsWithoutTurn;
    private int _turnMisses; // deferred receives in a row that found nothing
    private ManualResetValueTaskSourceCore<ReadResult> _read; // continuations run inline: the consumer goes on where the receive completed
    private ConfiguredValueTaskAwaitable<int>.ConfiguredValueTaskAwaiter _receive;
    private PendingWait _wait; // a ReadAsync waiting on _read (under _sync once a receive is posted)

    // Buffered bytes: from _headIndex in _head to _tailEnd in _tail (null: none, and no buffer held).
    private Segment? _head;
    private int _headIndex;
    private Segment? _tail;
    private int _tailEnd;
    private Segment? _spare;
    private int _spareCount;

    private byte[]? _receiveArray; // the new buffer a receive in flight fills (null: it fills the room left in _tail)
    private int _asked; // bytes the last receive asked for
    private bool _drained = true; // the last receive brought less than it asked for: the socket had no more
    private bool _probing; // the receive in flight is the zero-byte wait for data
    private bool _deferred; // the receive in flight is deferred to the engine's next turn, then into a new buffer
    private bool _receiving; // a receive is posted (written on the completing thread under _sync)
    private bool _cancelNext;
    private bool _examinedAll;
    private bool _ended;
    private IOException? _error;
    private bool _completed;

    /// <param name="socket">The connected socket; the caller's to close.</param>
    /// <param name="turns">When a receive may be deferred to the engine's next turn.</param>
    /// <param name="waitWithoutBuffer">
    /// A deferred receive that finds nothing waits without a buffer (a client's connection, which may stay idle for long):
    /// the turn tries a non-blocking receive, and waits with a zero-byte receive when it found nothing, one system call
    /// more than keeping the buffer posted. The socket is made non-blocking for that.
    /// </param>
    public SocketPipeReader(Socket socket, EngineTurnUse turns = EngineTurnUse.Never, bool waitWithoutBuffer = false)
    {
        _socket = socket;
        _turns = turns;
        _waitWithoutBuffer = waitWithoutBuffer && turns != EngineTurnUse.Never;
        _readSize = waitWithoutBuffer ? ClientReadSize : ReadSize;
        if (_waitWithoutBuffer)
        {
            _socket.Blocking = false; // a receive at the turn must not wait
        }

        _onReceived = OnReceived;
        _onTurnReceived = OnTurnReceived;
    }

    /// <summary>Whether a receive is posted (a read waits, or a cancelled read left it): the end of the stream or a reset will be seen.</summary>
    internal bool Receiving => Volatile.Read(ref _receiving);

    /// <summary>Whether a pooled buffer is held (bytes not yet consumed, or a receive in flight): none when idle.</summary>
    internal bool HoldsBuffer => _head is not null || _receiveArray is not null;

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfCompleted();
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<ReadResult>(cancellationToken);
        }

        if (Volatile.Read(ref _receiving))
        {
            return JoinReceive(cancellationToken);
        }

        if (Volatile.Read(ref _cancelNext))
        {
            lock (_sync)
            {
                _cancelNext = false;
            }

            return new ValueTask<ReadResult>(Result(canceled: true));
        }

        if (HasUnexamined || _ended)
        {
            return new ValueTask<ReadResult>(Result(canceled: false));
        }

        if (_error is not null)
        {
            return ValueTask.FromException<ReadResult>(_error);
        }

        return Receive(cancellationToken);
    }

    public override bool TryRead(out ReadResult result)
    {
        ThrowIfCompleted();
        if (Volatile.Read(ref _receiving) || Volatile.Read(ref _cancelNext))
        {
            lock (_sync)
            {
                return TryReadBuffered(out result);
            }
        }

        return TryReadBuffered(out result);
    }

    private bool TryReadBuffered(out ReadResult result)
    {
        if (_cancelNext)
        {
            _cancelNext = false;
            result = Result(canceled: true);
            return true;
        }

        if (HasUnexamined || (_ended && !_receiving))
        {
            result = Result(canceled: false);
            return true;
        }

        result = default;
        return false;
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        ThrowIfCompleted();
        if (Volatile.Read(ref _receiving))
        {
            lock (_sync)
            {
                Advance(consumed, examined);
            }
        }
        else
        {
            Advance(consumed, examined);
        }
    }

    public override void CancelPendingRead()
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

    public override void Complete(Exception? exception = null)
    {
        lock (_sync)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            _cancelNext = false;
            // A receive still posted (one a cancelled read left) fills a buffer: that one goes back when it completes.
            var keepTail = FillingTail;
            while (_head is not null && !(keepTail && _head == _tail))
            {
                _head = Release(_head);
            }

            if (!keepTail)
            {
                _tail = null;
            }

            _spare = null;
            _spareCount = 0;
        }
    }

    /// <summary>Under <see cref="_sync"/>: a posted receive fills the room left in the last buffer.</summary>
    private bool FillingTail => _receiving && _receiveArray is null && !_probing && !_deferred;

    private bool HasUnexamined => _head is not null && !_examinedAll && !(_head == _tail && _headIndex == _tailEnd);

    private ReadResult Result(bool canceled) => new(
        _head is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(_head, _headIndex, _tail!, _tailEnd), canceled, _ended);

    private ValueTask<ReadResult> Receive(CancellationToken cancellationToken)
    {
        ValueTask<int> receive;
        try
        {
            var roomInTail = _tail is not null && _tail.Array.Length - _tailEnd >= MinimumReadSize;
            receive = roomInTail ? ReceiveIntoTail() : !_drained ? ReceiveIntoNewBuffer() : TryDefer(out var deferred) ? deferred : WaitForData();
            if (receive.IsCompleted && !_probing)
            {
                Received(receive.GetAwaiter().GetResult());
                return new ValueTask<ReadResult>(Result(canceled: false));
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            ReturnReceiveArray();
            _error = Wrap(e);
            return ValueTask.FromException<ReadResult>(_error);
        }

        _read.Reset();
        lock (_sync)
        {
            _receiving = true;
            if (_cancelNext)
            {
                // CancelPendingRead came between the check in ReadAsync and now: it was for this read.
                _cancelNext = false;
                _read.SetResult(Result(canceled: true));
            }
            else
            {
                Wait(cancellationToken);
            }
        }

        _receive = receive.ConfigureAwait(false).GetAwaiter();
        _receive.UnsafeOnCompleted(_onReceived);
        return new ValueTask<ReadResult>(this, _read.Version);
    }

    // No token for the socket in the receives below: a cancelled read leaves the receive posted (see the remarks on the
    // class), so a read's token is registered only when the read has to wait (the socket would register it then too).

    /// <summary>A receive into the room left in the last buffer.</summary>
    private ValueTask<int> ReceiveIntoTail()
    {
        _asked = _tail!.Array.Length - _tailEnd;
        return _socket.ReceiveAsync(_tail.Array.AsMemory(_tailEnd), SocketFlags.None, CancellationToken.None);
    }

    /// <summary>A receive into a new buffer from the pool.</summary>
    private ValueTask<int> ReceiveIntoNewBuffer()
    {
        _receiveArray = SocketBufferPool.Shared.Rent(_readSize);
        _asked = _receiveArray.Length;
        return _socket.ReceiveAsync(_receiveArray, SocketFlags.None, CancellationToken.None);
    }

    /// <summary>
    /// A zero-byte receive that completes when bytes (or the end) are there; when they already are, the receive into a
    /// buffer at once. <see cref="_probing"/> tells which of the two the returned one is.
    /// </summary>
    private ValueTask<int> WaitForData()
    {
        var probe = _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, CancellationToken.None);
        if (!probe.IsCompleted)
        {
            _probing = true;
            return probe;
        }

        probe.GetAwaiter().GetResult(); // a socket error throws here
        return ReceiveIntoNewBuffer();
    }

    /// <summary>
    /// The socket was drained, and a response is awaited: the receive goes to the engine's next turn
    /// (<see cref="SocketEngineTurn"/>) when that pays, so that it finds the answer instead of nothing. A connection whose
    /// deferred receive still found nothing waits at once for its next few reads.
    /// </summary>
    private bool TryDefer(out ValueTask<int> deferred)
    {
        deferred = default;
        if (_turns == EngineTurnUse.Never)
        {
            return false;
        }

        if (_readsWithoutTurn > 0)
        {
            _readsWithoutTurn--;
            return false;
        }

        _turn.Reset();
        _deferred = true;
        if (!SocketEngineTurn.TryDefer(this, _turns))
        {
            _deferred = false;
            return false;
        }

        deferred = new ValueTask<int>(this, _turn.Version);
        return true;
    }

    /// <summary>The engine's next turn: the deferred receive, into a new buffer. Runs on the engine thread.</summary>
    void IDeferredReceive.OnTurn()
    {
        ValueTask<int> receive;
        try
        {
            if (Volatile.Read(ref _completed))
            {
                _turn.SetResult(0);
                return;
            }

            if (_waitWithoutBuffer)
            {
                ReceiveAtTurnOrWait(); // completes the turn outside this try: the consumer runs in its completion
                return;
            }

            receive = ReceiveIntoNewBuffer();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _turn.SetException(e);
            return;
        }

        if (receive.IsCompleted)
        {
            _turnMisses = 0;
        }
        else
        {
            // Nothing there yet after all: the receive waits as the zero-byte wait would (the same two system calls), but
            // with its buffer.
            CountTurnMiss();
        }

        AwaitTurnReceive(receive);
    }

    /// <summary>
    /// A deferred receive found nothing. Now and then that is the last request of a batch; every time, a peer slower than
    /// a batch, and then every read waiting would go through a turn for nothing (on a server connection, holding a
    /// buffer): such a connection waits without a turn for a while.
    /// </summary>
    private void CountTurnMiss()
    {
        if (++_turnMisses >= MissesBeforeBackOff)
        {
            _turnMisses = 0;
            _readsWithoutTurn = ReadsWithoutTurn;
        }
    }

    /// <summary>The turn's receive (or its wait) completes the turn when it completes: now, or from the socket engine.</summary>
    private void AwaitTurnReceive(ValueTask<int> receive)
    {
        _turnReceive = receive.ConfigureAwait(false).GetAwaiter();
        if (receive.IsCompleted)
        {
            OnTurnReceived();
            return;
        }

        _turnReceive.UnsafeOnCompleted(_onTurnReceived);
    }

    /// <summary>
    /// At the turn, for a reader that waits without a buffer: one non-blocking receive; when it finds nothing, the
    /// zero-byte wait (no buffer held), whose completion reads the bytes as an undeferred wait's does.
    /// </summary>
    private void ReceiveAtTurnOrWait()
    {
        var array = SocketBufferPool.Shared.Rent(_readSize);
        int count;
        SocketError error;
        ValueTask<int> wait = default;
        try
        {
            count = _socket.Receive(array.AsSpan(), SocketFlags.None, out error);
            if (error == SocketError.WouldBlock)
            {
                _probing = true;
                wait = _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, CancellationToken.None);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            SocketBufferPool.Shared.Return(array);
            _turn.SetException(e);
            return;
        }

        if (error == SocketError.Success)
        {
            _turnMisses = 0;
            _receiveArray = array;
            _asked = array.Length;
            _turn.SetResult(count); // runs OnReceived here
            return;
        }

        SocketBufferPool.Shared.Return(array);
        if (error != SocketError.WouldBlock)
        {
            _turn.SetException(new SocketException((int)error));
            return;
        }

        CountTurnMiss();
        AwaitTurnReceive(wait);
    }

    private void OnTurnReceived()
    {
        int received;
        try
        {
            received = _turnReceive.GetResult();
        }
        catch (Exception e)
        {
            _turnReceive = default;
            _turn.SetException(e);
            return;
        }

        _turnReceive = default;
        _turn.SetResult(received); // runs OnReceived here
    }

    /// <summary>
    /// The zero-byte wait completed: the bytes are read into a buffer. True when that receive is posted again (it found
    /// nothing after all), so this completion delivers nothing; false with its count or failure when it completed at once.
    /// </summary>
    private bool ReceiveAfterWait(ref int received, ref Exception? failure)
    {
        _probing = false;
        if (failure is not null || Volatile.Read(ref _completed))
        {
            return false;
        }

        try
        {
            // Always a new buffer: a consumer may release the last one meanwhile (a cancelled read's, under the lock).
            var receive = ReceiveIntoNewBuffer();
            if (receive.IsCompleted)
            {
                received = receive.GetAwaiter().GetResult();
                return false;
            }

            _receive = receive.ConfigureAwait(false).GetAwaiter();
            _receive.UnsafeOnCompleted(_onReceived);
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            failure = e;
            return false;
        }
    }

    /// <summary>A read while the receive a cancelled read left is still posted: its bytes are this read's.</summary>
    private ValueTask<ReadResult> JoinReceive(CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            if (_receiving)
            {
                if (_cancelNext)
                {
                    _cancelNext = false;
                    return new ValueTask<ReadResult>(Result(canceled: true));
                }

                if (HasUnexamined)
                {
                    return new ValueTask<ReadResult>(Result(canceled: false));
                }

                _read.Reset();
                Wait(cancellationToken);
                return new ValueTask<ReadResult>(this, _read.Version);
            }
        }

        return ReadAsync(cancellationToken); // the receive completed meanwhile
    }

    /// <summary>Under <see cref="_sync"/>: a read waits for the posted receive, cancelled by its token.</summary>
    private void Wait(CancellationToken cancellationToken) =>
        _wait.Begin(static (state, token) => ((SocketPipeReader)state!).EndWait(token), this, cancellationToken);

    private void OnReceived()
    {
        var received = 0;
        Exception? failure = null;
        try
        {
            received = _receive.GetResult();
        }
        catch (Exception e)
        {
            failure = e;
        }

        _receive = default;
        _deferred = false;
        if (_probing && ReceiveAfterWait(ref received, ref failure))
        {
            return;
        }

        ReadResult result = default;
        bool deliver;
        lock (_sync)
        {
            _receiving = false;
            if (_completed)
            {
                ReturnReceiveArray();
                if (_tail is not null)
                {
                    SocketBufferPool.Shared.Return(_tail.Array);
                    _head = _tail = null;
                }

                deliver = false;
            }
            else
            {
                if (failure is null)
                {
                    Received(received);
                }
                else
                {
                    ReturnReceiveArray();
                    _error = Wrap(failure);
                }

                if (_head is not null && _head == _tail && _headIndex == _tailEnd)
                {
                    // The buffer a cancelled read left to this receive, consumed meanwhile, and the receive brought nothing.
                    Release(_head);
                    _head = _tail = null;
                    _headIndex = _tailEnd = 0;
                }

                deliver = _wait.End();
                if (deliver && _error is null)
                {
                    result = Result(canceled: false);
                }
            }
        }

        if (!deliver)
        {
            return;
        }

        _wait.Unregister();
        if (_error is not null)
        {
            _read.SetException(_error);
        }
        else
        {
            _read.SetResult(result); // runs the consumer's continuation here, which may read again: nothing after this
        }
    }

    /// <summary>Ends a waiting read without its receive: <see cref="CancelPendingRead"/> (no token) or a cancelled token.</summary>
    private void EndWait(CancellationToken? canceledBy)
    {
        ReadResult result;
        lock (_sync)
        {
            if (!_wait.TryEnd(canceledBy))
            {
                return;
            }

            result = Result(canceled: true);
        }

        if (canceledBy is { } token)
        {
            _read.SetException(new OperationCanceledException(token));
        }
        else
        {
            _wait.Unregister();
            _read.SetResult(result);
        }
    }

    private void Received(int count)
    {
        _examinedAll = false;
        _drained = count < _asked;
        if (count == 0)
        {
            _ended = true;
            ReturnReceiveArray();
            return;
        }

        if (_receiveArray is null)
        {
            _tailEnd += count;
            _tail!.SetLength(_tailEnd);
            return;
        }

        var segment = _spare ?? new Segment();
        if (_spare is not null)
        {
            _spare = (Segment?)segment.Next;
            _spareCount--;
        }

        segment.Set(_receiveArray, count, _tail is null ? 0 : _tail.RunningIndex + _tailEnd);
        _receiveArray = null;
        if (_tail is null)
        {
            _head = segment;
            _headIndex = 0;
        }
        else
        {
            _tail.SetNext(segment);
        }

        _tail = segment;
        _tailEnd = count;
    }

    private void Advance(SequencePosition consumed, SequencePosition examined)
    {
        if (consumed.GetObject() is Segment segment)
        {
            while (_head != segment)
            {
                if (_head is null || _head == _tail)
                {
                    throw new ArgumentOutOfRangeException(nameof(consumed), "The position is not in the buffer this reader returned.");
                }

                _head = Release(_head);
                _headIndex = 0;
            }

            _headIndex = consumed.GetInteger();
        }

        // Consumed up to the end of a buffer that is not the last: that buffer goes back now.
        while (_head is not null && _head != _tail && _headIndex == _head.Memory.Length)
        {
            _head = Release(_head);
            _headIndex = 0;
        }

        // All consumed: the last buffer goes back too, unless a posted receive is filling it.
        if (_head is not null && _head == _tail && _headIndex == _tailEnd && !FillingTail)
        {
            Release(_head);
            _head = _tail = null;
            _headIndex = _tailEnd = 0;
        }

        // An empty buffer's positions name no segment: with nothing there, everything was examined.
        _examinedAll = examined.GetObject() is null || (ReferenceEquals(examined.GetObject(), _tail) && examined.GetInteger() == _tailEnd) || _head is null;
    }

    /// <summary>Returns a segment's buffer to the pool and keeps the segment for reuse; the next segment.</summary>
    private Segment? Release(Segment segment)
    {
        var next = (Segment?)segment.Next;
        SocketBufferPool.Shared.Return(segment.Array);
        segment.Clear();
        if (_spareCount < MaxSpareSegments)
        {
            segment.SetNext(_spare);
            _spare = segment;
            _spareCount++;
        }

        return next;
    }

    private void ReturnReceiveArray()
    {
        if (_receiveArray is not null)
        {
            SocketBufferPool.Shared.Return(_receiveArray);
            _receiveArray = null;
        }
    }

    private static IOException Wrap(Exception e) => e as IOException ?? new IOException($"Unable to read data from the transport connection: {e.Message}", e);

    private void ThrowIfCompleted()
    {
        if (_completed)
        {
            throw new InvalidOperationException("Reading is not allowed after the reader was completed.");
        }
    }

    ReadResult IValueTaskSource<ReadResult>.GetResult(short token) => _read.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<ReadResult>.GetStatus(short token) => _read.GetStatus(token);

    void IValueTaskSource<ReadResult>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _read.OnCompleted(continuation, state, token, flags);

    int IValueTaskSource<int>.GetResult(short token) => _turn.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _turn.GetStatus(token);

    void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _turn.OnCompleted(continuation, state, token, flags);

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public byte[] Array { get; private set; } = [];

        public void Set(byte[] array, int length, long runningIndex)
        {
            Array = array;
            Memory = array.AsMemory(0, length);
            RunningIndex = runningIndex;
            Next = null;
        }

        public void SetLength(int length) => Memory = Array.AsMemory(0, length);

        public void SetNext(Segment? next) => Next = next;

        public void Clear()
        {
            Array = [];
            Memory = default;
            Next = null;
        }
    }
}
