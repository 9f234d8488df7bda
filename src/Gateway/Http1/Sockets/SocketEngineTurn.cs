using System.Net;
using System.Net.Sockets;

namespace Gateway.Http1.Sockets;

/// <summary>
/// Runs a server connection's receive on the socket engine's next turn: after the engine thread has handled the batch of
/// epoll events it is in, on that same thread. By then the answer to a request sent during the batch is usually there,
/// so the receive reads it at once instead of first finding nothing.
/// </summary>
/// <remarks>
/// Why: .NET's socket engine tries every receive before it waits for epoll, and a receive posted right after a request
/// was sent can only find nothing: one system call per request that HAProxy does not make (it reads only once epoll says
/// so). There is no API to wait for readability without trying first, and an epoll loop of our own would take the
/// server sockets off the engine's thread. Instead, a turn is a loopback datagram the engine thread sends to itself: its
/// receive completes in the engine's next batch of events, on the same thread, and runs the receives deferred until then.
/// One datagram serves every receive deferred in a batch (three system calls: its send, its receive and the re-posted
/// receive that finds nothing), so a turn pays only when several requests wait in one batch: under load, where each
/// batch holds many events. Only with inline socket completions (<c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c>,
/// the standalone host's default), where a completion runs on the engine thread that saw the event; one turn per engine
/// thread, found by the thread its datagram's receive completes on (as many datagram sockets as processors, which the
/// engine spreads over its threads; a thread none landed on does not defer).
/// <para>
/// A turn also holds the sends its receives lead to (a request to a server, an answer to a client) until it has run all
/// of them, then makes them one after the other (<see cref="TryHoldSend"/>). A send to a process sleeping in
/// <c>epoll_wait</c> on the other CPU wakes it, and that wake-up is most of a send's cost; sends spread over a turn's
/// processing each found the server or the load generator asleep again (0.34 wake-ups per request against HAProxy's
/// 0.06, which makes its sends together after reading), while sends made back to back find it awake
/// (docs/benchmarks.md, issue 18).
/// </para>
/// </remarks>
internal sealed class SocketEngineTurn
{
    /// <summary>
    /// Receives the last turn must have run for the next to be taken: a turn costs three system calls (the datagram's
    /// send, its receive, and the re-posted receive that finds nothing) and saves at most one per receive it runs.
    /// </summary>
    private const int MinimumTurnSize = 4;

    /// <summary>Below that, every this many receives a turn is tried anyway (load may have grown since).</summary>
    private const int ProbeEvery = 64;

    [ThreadStatic]
    private static SocketEngineTurn? t_turn; // the turn whose datagram completes on this engine thread

    [ThreadStatic]
    private static List<IHeldSend>? t_held; // while a turn runs its receives on this thread: the sends held to its end

    private static int s_started;

    private static readonly byte[] WakeByte = [1];

    private readonly Socket _wake;
    private readonly byte[] _received = new byte[16];
    private readonly Lock _sync = new();
    private List<IDeferredReceive> _queued = [];
    private List<IDeferredReceive> _runList = [];
    private readonly List<IHeldSend> _held = [];
    private bool _wakeSent;
    private bool _running; // a turn is running its receives: the datagram for the next one waits until its receive is posted
    private bool _wakeAfterRun;
    private int _lastTurnCount;
    private int _probe;

    private SocketEngineTurn(Socket wake) => _wake = wake;

    /// <summary>
    /// Whether receives may be deferred in this process: on Unix, where the socket engine tries a receive before it waits,
    /// and when it was asked to run completions on its own threads. Whether it does is known only from the first turn's
    /// datagram: a completion on a thread-pool thread (the variable was set after the engine had started) ends that turn.
    /// </summary>
    public static bool Enabled { get; } =
        !OperatingSystem.IsWindows() && Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") == "1";

    /// <summary>Receives run on a turn so far (for tests and diagnostics).</summary>
    public static long Deferred => Interlocked.Read(ref s_deferred);

    private static long s_deferred;

    /// <summary>Sends a turn held to its end so far (for tests and diagnostics).</summary>
    public static long HeldSends => Interlocked.Read(ref s_heldSends);

    private static long s_heldSends;

    /// <summary>
    /// Holds <paramref name="send"/> until the turn running on this thread has run all its receives (false when none runs
    /// here: the caller sends now). The caller keeps what is to be sent and sends it when <see cref="IHeldSend.SendHeld"/>
    /// is called, or before, should it need to (a close, more to send than it keeps).
    /// </summary>
    public static bool TryHoldSend(IHeldSend send)
    {
        var held = t_held;
        if (held is null)
        {
            return false;
        }

        held.Add(send);
        return true;
    }

    /// <summary>
    /// Runs <paramref name="body"/> as a turn runs its receives: sends it leads to on this thread are held, then made in
    /// the order they were held (what <see cref="Run"/> does around its receives; for tests, which have no turn).
    /// </summary>
    internal static void HoldingSends(Action body)
    {
        var outer = t_held;
        var held = t_held = [];
        try
        {
            body();
        }
        finally
        {
            t_held = outer;
            SendAll(held);
        }
    }

    private static void SendAll(List<IHeldSend> held)
    {
        // Nothing is held while these are made (the list is no longer the thread's): a send that fails, and what its
        // failure runs, sends at once.
        foreach (var send in held)
        {
            send.SendHeld();
        }

        held.Clear();
    }

    /// <summary>
    /// Resumes the caller after the events of the engine's current batch: on this engine thread's next turn when it has
    /// one, else on the thread pool. How a relay that never has to wait lets the connections behind it run
    /// (<see cref="Backends.RelayFairness"/>). <see cref="Task.Yield"/> would do that too, but the relay then went on on a
    /// pool thread while its reads and sends still completed on the engine's: a 1 GiB download through the core made
    /// 25,000–31,000 context switches instead of about 700, and used about 30 % more CPU. Through the turn it stays on the
    /// engine thread, and used no more CPU than without yielding (docs/benchmarks.md, issue 18). The first yield in a
    /// process whose turns have not started yet (TCP mode alone, say) starts them, as the first deferred receive does.
    /// </summary>
    public static ValueTask YieldAsync()
    {
        if (t_turn is { } turn)
        {
            var yield = new TurnYield();
            if (turn.Enqueue(yield, always: true))
            {
                return new ValueTask(yield, 0);
            }
        }
        else if (Enabled)
        {
            Start();
        }

        return YieldToPoolAsync();
    }

    private static async ValueTask YieldToPoolAsync() => await Task.Yield();

    /// <summary>Whether this thread is an engine thread with a turn (receives deferred here wait for it).</summary>
    public static bool OnTurnThread => t_turn is not null;

    /// <summary>
    /// Defers <paramref name="receive"/> to the next turn of the engine thread this runs on, when that pays (or, with
    /// <see cref="EngineTurnUse.Always"/>, whenever there is a turn); false when the caller should receive now (not an
    /// engine thread, no turn there yet, or too few receives wait for one).
    /// </summary>
    public static bool TryDefer(IDeferredReceive receive, EngineTurnUse use)
    {
        if (!Enabled || use == EngineTurnUse.Never)
        {
            return false;
        }

        var turn = t_turn;
        if (turn is null)
        {
            Start();
            return false;
        }

        return turn.Enqueue(receive, use == EngineTurnUse.Always);
    }

    /// <summary>One turn per engine thread: as many datagram sockets as the engine has threads (one per processor).</summary>
    private static void Start()
    {
        if (Interlocked.Exchange(ref s_started, 1) != 0)
        {
            return;
        }

        for (var i = 0; i < Environment.ProcessorCount; i++)
        {
            Socket? wake = null;
            try
            {
                wake = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                wake.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                wake.Connect(wake.LocalEndPoint!);
                var turn = new SocketEngineTurn(wake);
                _ = turn.RunAsync();
                turn.TryWake(); // its first completion tells which engine thread it is on
            }
            catch (SocketException)
            {
                wake?.Dispose(); // no loopback datagrams here: receives are not deferred
                return;
            }
        }
    }

    private bool Enqueue(IDeferredReceive receive, bool always)
    {
        lock (_sync)
        {
            if (!_wakeSent)
            {
                if (!always && _lastTurnCount < MinimumTurnSize && ++_probe % ProbeEvery != 0)
                {
                    return false;
                }

                if (_running)
                {
                    // Sent once this turn is over and the next one's receive is posted (RunAsync): a datagram sent now
                    // would already be there when that receive is posted, and the next turn would run at once, before
                    // the engine handles any other event. Turns that keep deferring receives would then run back to
                    // back, and connections waiting on epoll would starve.
                    _wakeAfterRun = true;
                }
                else if (!TryWake())
                {
                    return false;
                }

                _wakeSent = true;
            }

            _queued.Add(receive);
            return true;
        }
    }

    /// <summary>
    /// Sends the datagram that brings the next turn. A loopback datagram to itself, with one in flight at most, does not
    /// fail; if it ever does, the caller receives at once instead.
    /// </summary>
    private bool TryWake()
    {
        try
        {
            _wake.Send(WakeByte, SocketFlags.None);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private async Task RunAsync()
    {
        while (true)
        {
            try
            {
                // Posted first (it waits on epoll), then the datagram for receives deferred during the last turn: the
                // next turn comes in the engine's next batch of events, after the events already waiting.
                var turn = _wake.ReceiveAsync(_received.AsMemory(), SocketFlags.None, CancellationToken.None); // not the Task overload: a Task per turn
                while (!WakeAfterRun())
                {
                    Run(); // the datagram could not be sent: those receives are posted now rather than never
                }

                await turn.ConfigureAwait(false);
            }
            catch (SocketException)
            {
                // Not expected of a datagram to itself; the receives waiting for this turn run now rather than never.
                Run();
                continue;
            }

            if (Thread.CurrentThread.IsThreadPoolThread)
            {
                // Completions do not run on the engine's thread: a turn would not come after the engine's batch.
                _wake.Dispose();
                return;
            }

            t_turn ??= this;
            Run();
        }
    }

    /// <summary>Sends the datagram a turn's receives asked for; false when that failed.</summary>
    private bool WakeAfterRun()
    {
        lock (_sync)
        {
            if (!_wakeAfterRun)
            {
                return true;
            }

            _wakeAfterRun = false;
            return TryWake();
        }
    }

    private void Run()
    {
        List<IDeferredReceive> run;
        lock (_sync)
        {
            run = _queued;
            _queued = _runList;
            _runList = run;
            _wakeSent = false;
            _wakeAfterRun = false;
            _running = true;
            _lastTurnCount = run.Count;
        }

        Interlocked.Add(ref s_deferred, run.Count);

        // Receives deferred while these run (a pipelined request sent on) go in the other list, to the next turn; the
        // sends they lead to are made once all have run.
        t_held = _held;
        try
        {
            foreach (var receive in run)
            {
                receive.OnTurn();
            }
        }
        finally
        {
            t_held = null;
            if (_held.Count > 0)
            {
                Interlocked.Add(ref s_heldSends, _held.Count);
                SendAll(_held);
            }

            run.Clear();
            lock (_sync)
            {
                _running = false;
            }
        }
    }
}

/// <summary>A caller of <see cref="SocketEngineTurn.YieldAsync"/> waiting for the turn: made per yield (one per <see cref="Backends.RelayFairness.Budget"/> relayed).</summary>
internal sealed class TurnYield : IDeferredReceive, System.Threading.Tasks.Sources.IValueTaskSource
{
    private System.Threading.Tasks.Sources.ManualResetValueTaskSourceCore<bool> _done; // the caller continues inline, in the turn

    public void OnTurn() => _done.SetResult(true);

    public void GetResult(short token) => _done.GetResult(token);

    public System.Threading.Tasks.Sources.ValueTaskSourceStatus GetStatus(short token) => _done.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, System.Threading.Tasks.Sources.ValueTaskSourceOnCompletedFlags flags) =>
        _done.OnCompleted(continuation, state, token, flags);
}

/// <summary>When a <see cref="SocketPipeReader"/> defers a receive to the engine's next turn.</summary>
internal enum EngineTurnUse
{
    /// <summary>Never: a read that waits posts its receive at once.</summary>
    Never,

    /// <summary>When the socket was drained and the last turn ran several receives (the engine's batches hold many events).</summary>
    WhenBatched,

    /// <summary>Whenever the socket was drained and the thread has a turn (tests).</summary>
    Always,
}

/// <summary>A send that <see cref="SocketEngineTurn"/> held until the turn it was made in had run all its receives.</summary>
internal interface IHeldSend
{
    /// <summary>Makes the send that was held (nothing if it was made since); runs on the thread that held it, and must not throw.</summary>
    void SendHeld();
}

/// <summary>A receive that <see cref="SocketEngineTurn"/> runs on the engine's next turn.</summary>
internal interface IDeferredReceive
{
    /// <summary>Posts the receive; runs on the engine thread, and must not throw.</summary>
    void OnTurn();
}
