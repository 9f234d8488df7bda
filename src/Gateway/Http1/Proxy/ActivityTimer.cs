namespace Gateway.Http1.Proxy;

/// <summary>
/// The activity timeout of one client connection's server exchanges (each read from the server must come within the
/// cluster's activity timeout) and the client going away, as one cancellation token for the reads of an exchange.
/// </summary>
/// <remarks>
/// <para>
/// Before, the core rented a pooled <see cref="CancellationTokenSource"/> per forward, registered it on the client's
/// token, re-armed its timer (<see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/>) before every read and reset it
/// at the end: two registrations and two changes of the runtime's timer queue per request, about 2–3 % of the CPU of a
/// 100 B request (docs/benchmarks.md). A timer that fires at "the last read plus the timeout" would need a timer-queue
/// change per read, which is what this avoids.
/// </para>
/// <para>
/// Here a connection keeps one source across its exchanges and registers it on the client's token once. A read only
/// notes the time (<see cref="Touch"/>). One timer looks at most a second apart: it cancels the source when nothing was
/// read for the timeout, else waits again for what is left (at most a second), so the timeout is as exact as before.
/// When it finds no exchange running, or the source cancelled, it lets go of the timer and the registration and tells
/// the connection, which drops it: a connection idle for more than a second holds none of these objects, as before;
/// its next exchange makes a new one (<see cref="Begin"/>).
/// </para>
/// </remarks>
internal sealed class ActivityTimer : IDisposable
{
    /// <summary>The longest the timer waits before it looks again: how long an idle connection keeps these objects.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(1);

    private readonly Lock _sync = new();
    private readonly TimeProvider _time;
    private readonly IOwner? _owner; // told when the timer lets go, so the connection drops it too
    private readonly CancellationTokenSource _source = new();
    private readonly ITimer _timer;
    private readonly CancellationTokenRegistration _clientGone;
    private long _timeoutTicks; // the activity timeout in the provider's timestamp units
    private long _lastRead; // when the exchange's last read began (a timestamp); written without the lock
    private long _dueAt; // when the armed timer fires (a timestamp)
    private bool _armed;
    private bool _inExchange; // written without the lock by End
    private bool _done;

    private ActivityTimer(IOwner? owner, TimeProvider time, CancellationToken clientGone)
    {
        _owner = owner;
        _time = time;
        _timer = time.CreateTimer(static state => ((ActivityTimer)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        // Registered once for the life of this object. A client already gone cancels the source here, at once.
        _clientGone = clientGone.UnsafeRegister(static state => ((ActivityTimer)state!).OnClientGone(), this);
    }

    /// <summary>What the exchange's reads from the server pass: cancelled when the timeout passes or the client goes away.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>
    /// Starts an exchange whose reads must each come within <paramref name="timeout"/>, on the connection's timer in
    /// <paramref name="slot"/> or on a new one when that one was let go (idle, timed out or cancelled).
    /// </summary>
    /// <param name="owner">
    /// Told (on the timer's thread) when the timer lets go of everything, so that it can clear <paramref name="slot"/> if
    /// that still holds this timer (compare and exchange: a new exchange may have begun meanwhile).
    /// </param>
    public static ActivityTimer Begin(ref ActivityTimer? slot, IOwner? owner, TimeProvider time, TimeSpan timeout, CancellationToken clientGone)
    {
        if (Volatile.Read(ref slot) is { } kept && kept.TryBegin(timeout))
        {
            return kept;
        }

        var timer = new ActivityTimer(owner, time, clientGone);
        Volatile.Write(ref slot, timer);
        timer.TryBegin(timeout);
        return timer;
    }

    /// <summary>A read from the server begins: the timeout counts from now.</summary>
    public void Touch() => Volatile.Write(ref _lastRead, _time.GetTimestamp());

    /// <summary>The exchange is over; the timer lets everything go when it next looks, unless another exchange began.</summary>
    public void End() => Volatile.Write(ref _inExchange, false);

    /// <summary>The connection is closing: lets go of the timer and the registration now.</summary>
    /// <remarks>
    /// The source itself is not disposed: it never has a timer or a wait handle (the timer is this object's), and the
    /// client's going may be cancelling it on another thread at this very moment.
    /// </remarks>
    public void Dispose()
    {
        lock (_sync)
        {
            ReleaseLocked();
        }
    }

    private bool TryBegin(TimeSpan timeout)
    {
        var now = _time.GetTimestamp();
        lock (_sync)
        {
            if (_done || _source.IsCancellationRequested)
            {
                return false;
            }

            _timeoutTicks = ToTicks(timeout);
            Volatile.Write(ref _lastRead, now);
            Volatile.Write(ref _inExchange, true);
            var wait = timeout < MaxWait ? timeout : MaxWait;
            var due = now + ToTicks(wait);
            // Armed already (the usual case under load): only a shorter timeout than the one it waits for moves it.
            if (!_armed || due < _dueAt)
            {
                Arm(wait, due);
            }

            return true;
        }
    }

    private void OnTimer()
    {
        var idle = false;
        lock (_sync)
        {
            _armed = false;
            if (_done)
            {
                return;
            }

            if (!Volatile.Read(ref _inExchange) || _source.IsCancellationRequested)
            {
                ReleaseLocked();
                idle = true;
            }
            else
            {
                var now = _time.GetTimestamp();
                var left = _timeoutTicks - (now - Volatile.Read(ref _lastRead));
                if (left > 0)
                {
                    var wait = TimeSpan.FromSeconds((double)left / _time.TimestampFrequency);
                    if (wait > MaxWait)
                    {
                        wait = MaxWait;
                    }

                    Arm(wait, now + ToTicks(wait));
                    return;
                }

                ReleaseLocked();
            }
        }

        if (!idle)
        {
            // Timed out. Outside the lock: cancelling runs the waiting read's continuation.
            _source.Cancel();
        }

        _owner?.Released(this);
    }

    private void OnClientGone() => _source.Cancel();

    private void Arm(TimeSpan wait, long due)
    {
        _timer.Change(wait, Timeout.InfiniteTimeSpan);
        _armed = true;
        _dueAt = due;
    }

    private void ReleaseLocked()
    {
        if (_done)
        {
            return;
        }

        _done = true;
        _timer.Dispose();
        // Unregister, not Dispose: Dispose would wait for a callback running on another thread (the client's going).
        _clientGone.Unregister();
    }

    private long ToTicks(TimeSpan span)
    {
        var seconds = span.TotalSeconds;
        // Far beyond any configured timeout (the validator allows days): kept from overflowing.
        return seconds >= 1e6 ? long.MaxValue / 4 : (long)(seconds * _time.TimestampFrequency);
    }

    /// <summary>Who keeps the timer (a connection); an interface rather than a delegate, which would be one more object per connection.</summary>
    public interface IOwner
    {
        void Released(ActivityTimer timer);
    }
}
