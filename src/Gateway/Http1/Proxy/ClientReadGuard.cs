using System.IO.Pipelines;
using Gateway.Connections;

namespace Gateway.Http1.Proxy;

/// <summary>
/// Bounds the HTTP/1.1 core's waits for a client's bytes, checked on the shared <see cref="ConnectionHeartbeat"/> (no timer
/// per connection): a request body's minimum rate (the listener's <c>MinRequestBodyRate</c>, measured as Kestrel measures
/// it: bytes received over the time spent waiting for them, once that time passes the grace period) and the end of a
/// lingering close. When a bound is passed the pending read is cancelled (<see cref="PipeReader.CancelPendingRead"/>): the
/// reader sees <see cref="ReadResult.IsCanceled"/> with <see cref="Expired"/> set. One per client connection, made when
/// the connection first needs it.
/// </summary>
internal sealed class ClientReadGuard : IHeartbeatWatch
{
    private readonly Lock _lock = new();
    private readonly PipeReader _input;
    private readonly ConnectionHeartbeat _heartbeat;
    private readonly long _minRate;
    private readonly long _graceTicks;
    private readonly long _frequency;

    private Mode _mode;
    private long _lastTick;

    // Written by the reading side only, read by the heartbeat: a torn view costs at most one tick's accuracy.
    private long _bytes;
    private volatile bool _waiting;

    private long _waitedTicks;
    private long _lingerEnd;
    private long _bytesAtLastTick;
    private volatile bool _expired;

    public ClientReadGuard(PipeReader input, ConnectionHeartbeat heartbeat, int minRate, TimeSpan grace)
    {
        _input = input;
        _heartbeat = heartbeat;
        _minRate = minRate;
        _frequency = heartbeat.Time.TimestampFrequency;
        _graceTicks = (long)(grace.TotalSeconds * _frequency);
        heartbeat.Watch(this);
    }

    private enum Mode
    {
        Idle,
        Body,
        Linger,
    }

    /// <summary>A bound was passed: the cancelled read should end the body (408) or the lingering.</summary>
    public bool Expired => _expired;

    /// <summary>The rate to hold a request body to; 0 when the listener has the minimum off.</summary>
    public bool ChecksBodyRate => _minRate > 0;

    public void StartBody() => Start(Mode.Body, 0);

    /// <summary>
    /// Reads of the client's bytes for at most <paramref name="limit"/>, ending sooner at a heartbeat that finds no byte came
    /// since the one before (or since the start): a client that waits for the close waits half a second on average.
    /// </summary>
    public void StartLinger(TimeSpan limit) => Start(Mode.Linger, _heartbeat.Time.GetTimestamp() + (long)(limit.TotalSeconds * _frequency));

    private void Start(Mode mode, long lingerEnd)
    {
        lock (_lock)
        {
            _mode = mode;
            _bytes = 0;
            _bytesAtLastTick = 0;
            _waitedTicks = 0;
            _waiting = false;
            _expired = false;
            _lingerEnd = lingerEnd;
            _lastTick = _heartbeat.Time.GetTimestamp();
        }
    }

    public void BeforeRead() => _waiting = true;

    public void AfterRead(long bytes)
    {
        _waiting = false;
        _bytes += bytes;
    }

    public void Stop()
    {
        lock (_lock)
        {
            _mode = Mode.Idle;
            _waiting = false;
        }
    }

    /// <summary>The connection has ended.</summary>
    public void Close()
    {
        Stop();
        _heartbeat.Unwatch(this);
    }

    public bool OnHeartbeat(long timestamp)
    {
        lock (_lock)
        {
            var sinceLastTick = timestamp - _lastTick;
            _lastTick = timestamp;
            switch (_mode)
            {
                case Mode.Body when _minRate > 0:
                    // As Kestrel: only the time spent waiting for the client counts, not the time the server took the bytes.
                    if (_waiting)
                    {
                        _waitedTicks += sinceLastTick;
                    }

                    if (_waitedTicks > _graceTicks && (double)_bytes * _frequency / _waitedTicks < _minRate)
                    {
                        Expire();
                    }

                    break;
                case Mode.Linger:
                    var bytes = _bytes;
                    if (timestamp >= _lingerEnd || (_waiting && bytes == _bytesAtLastTick))
                    {
                        Expire();
                    }

                    _bytesAtLastTick = bytes;
                    break;
            }
        }

        return true;
    }

    private void Expire()
    {
        _expired = true;
        _mode = Mode.Idle;
        _input.CancelPendingRead();
    }
}
