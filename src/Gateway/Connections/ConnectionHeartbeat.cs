namespace Gateway.Connections;

/// <summary>Something a connection watches on the shared heartbeat (a body's rate, a deadline, a half-closed socket).</summary>
internal interface IHeartbeatWatch
{
    /// <summary>Called about once a second with the heartbeat's timestamp (<see cref="TimeProvider.GetTimestamp"/>); false stops the watch.</summary>
    bool OnHeartbeat(long timestamp);
}

/// <summary>
/// One coarse clock for every connection, as Kestrel's heartbeat: a single timer ticks once a second and calls each watch
/// registered with it, so a connection that needs a deadline checked (a minimum body rate, a lingering close, a
/// half-closed client) costs a set entry instead of a timer of its own. Watches must be quick and must not block.
/// </summary>
internal sealed class ConnectionHeartbeat : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private readonly HashSet<IHeartbeatWatch> _watches = [];
    private readonly TimeProvider _time;
    private IHeartbeatWatch[] _tick = [];
    private ITimer? _timer;
    private bool _disposed;

    public ConnectionHeartbeat(TimeProvider time) => _time = time;

    public TimeProvider Time => _time;

    public void Watch(IHeartbeatWatch watch)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _watches.Add(watch);
            // Started on first use: a gateway that never needs it runs no timer.
            // One-shot, armed again after each tick: ticks never overlap, and a slow tick delays the next instead of piling up.
            _timer ??= _time.CreateTimer(static state => ((ConnectionHeartbeat)state!).Tick(), this, Interval, Timeout.InfiniteTimeSpan);
        }
    }

    public void Unwatch(IHeartbeatWatch watch)
    {
        lock (_lock)
        {
            _watches.Remove(watch);
        }
    }

    private void Tick()
    {
        try
        {
            TickOnce();
        }
        finally
        {
            lock (_lock)
            {
                if (!_disposed)
                {
                    _timer?.Change(Interval, Timeout.InfiniteTimeSpan);
                }
            }
        }
    }

    private void TickOnce()
    {
        int count;
        lock (_lock)
        {
            count = _watches.Count;
            if (_tick.Length < count)
            {
                _tick = new IHeartbeatWatch[Math.Max(count, _tick.Length * 2)];
            }

            _watches.CopyTo(_tick);
        }

        // Called outside the lock: a watch may register or unregister others (or itself) meanwhile.
        var now = _time.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var watch = _tick[i];
            _tick[i] = null!;
            bool keep;
            try
            {
                keep = watch.OnHeartbeat(now);
            }
            catch (ObjectDisposedException)
            {
                keep = false;
            }

            if (!keep)
            {
                Unwatch(watch);
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _watches.Clear();
            _timer?.Dispose();
        }
    }
}
