using Gateway.Http1.Sockets;

namespace Gateway.Backends;

/// <summary>
/// How much a body relay may move without once waiting before it lets the connections behind it run
/// (<see cref="Spend"/> says when, <see cref="YieldAsync"/> how). Every relay spends it: the HTTP/1.1 core's
/// <c>BodyRelay</c>, the streams YARP copies bodies through (<c>Forwarding/FairBodyStream</c>) and TCP mode's pumps
/// (<c>Tcp/TcpSession</c>).
/// </summary>
/// <remarks>
/// With inline socket completions (the standalone host's default) a relay runs on the socket engine's thread, and a read
/// or a send that finds its bytes (or room) at once continues without returning to the engine. A fast server and a fast
/// client keep both true for a whole large body: while a 1 GiB download ran over loopback, small requests of other
/// clients waited up to 250 ms on the core and up to 560 ms on the YARP path, against 13 ms through HAProxy
/// (docs/benchmarks.md, issue 18). HAProxy bounds the work a connection does per wake-up of its event loop; this does the
/// same with a byte budget. 1 MiB is 32 reads of a server's answer, about a millisecond at loopback speed: with it the
/// small requests waited at most 9–14 ms on either path, and a download used no more CPU than without it. A budget of
/// 256 KiB was as fair, but its four times as many yields cost the core's download CPU.
/// </remarks>
internal struct RelayFairness
{
    /// <summary>Bytes relayed without a wait after which the relay yields.</summary>
    public const int Budget = 1024 * 1024;

    private long _sinceWait;

    /// <summary>
    /// How a relay that spent its budget yields: to the socket engine's next turn when it runs on an engine thread (it
    /// stays there, after the events of the engine's batch), else to the thread pool (<see cref="SocketEngineTurn.YieldAsync"/>).
    /// </summary>
    public static ValueTask YieldAsync() => SocketEngineTurn.YieldAsync();

    /// <summary>Returns <paramref name="pending"/> (a read or a send of the relay) to be awaited; when it has to wait, others run meanwhile and the budget starts again.</summary>
    public ValueTask<T> Watch<T>(ValueTask<T> pending)
    {
        if (!pending.IsCompleted)
        {
            Waited();
        }

        return pending;
    }

    /// <inheritdoc cref="Watch{T}(ValueTask{T})"/>
    public ValueTask Watch(ValueTask pending)
    {
        if (!pending.IsCompleted)
        {
            Waited();
        }

        return pending;
    }

    /// <summary>The relay's read or send had to wait: others ran meanwhile, the budget starts again.</summary>
    public void Waited() => _sinceWait = 0;

    /// <summary>Counts <paramref name="bytes"/> relayed; true when the budget is spent (and starts it again): yield now.</summary>
    public bool Spend(long bytes)
    {
        _sinceWait += bytes;
        if (_sinceWait < Budget)
        {
            return false;
        }

        _sinceWait = 0;
        return true;
    }
}
