namespace Gateway.Diagnostics;

/// <summary>
/// Lets a repeated problem (malformed headers from a misbehaving client, say) be logged once per
/// interval, with a count of what was left out, so a flood of bad connections cannot flood the log.
/// </summary>
internal sealed class LogLimiter(TimeProvider time, TimeSpan interval)
{
    private readonly Lock _lock = new();
    private long _nextAllowed = long.MinValue;
    private int _suppressed;

    /// <summary>True when this occurrence should be logged; <paramref name="suppressed"/> is how many were not since the last one.</summary>
    public bool ShouldLog(out int suppressed)
    {
        var now = time.GetTimestamp();
        lock (_lock)
        {
            if (now >= _nextAllowed)
            {
                suppressed = _suppressed;
                _suppressed = 0;
                _nextAllowed = now + (long)(interval.TotalSeconds * time.TimestampFrequency);
                return true;
            }

            _suppressed++;
            suppressed = 0;
            return false;
        }
    }
}
