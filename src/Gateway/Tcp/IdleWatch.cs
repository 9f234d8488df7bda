namespace Gateway.Tcp;

/// <summary>
/// Cancels a TCP-mode connection once no bytes have moved in either direction for the idle
/// timeout. One timer per connection, moved only when it fires: bytes just note the time.
/// </summary>
internal sealed class IdleWatch : IDisposable
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly CancellationTokenSource _idle;
    private readonly ITimer _timer;
    private long _lastActivity;

    public IdleWatch(TimeProvider time, TimeSpan timeout, CancellationTokenSource idle)
    {
        _time = time;
        _timeout = timeout;
        _idle = idle;
        _lastActivity = time.GetTimestamp();
        _timer = time.CreateTimer(static state => ((IdleWatch)state!).OnTimer(), this, timeout, Timeout.InfiniteTimeSpan);
    }

    /// <summary>True once the connection was cancelled for idleness.</summary>
    public bool Expired { get; private set; }

    // A monotonic timestamp: cheap on every read, and a wall-clock step cannot close connections early.
    public void Touch() => Volatile.Write(ref _lastActivity, _time.GetTimestamp());

    public void Dispose() => _timer.Dispose();

    private void OnTimer()
    {
        var quiet = _time.GetElapsedTime(Volatile.Read(ref _lastActivity));
        if (quiet >= _timeout)
        {
            Expired = true;
            try
            {
                _idle.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The connection ended while the timer fired.
            }

            return;
        }

        try
        {
            _timer.Change(_timeout - quiet, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // The connection ended while the timer fired; an exception here would escape a timer callback.
        }
    }
}
