using System.Diagnostics;

namespace Gateway.RequestObservation;

/// <summary>
/// The wall-clock time of a request's start from the monotonic timestamp the request reads anyway: the system clock is
/// read once a second per thread, and the time since then is added from the timestamp.
/// </summary>
/// <remarks>
/// <see cref="DateTimeOffset.UtcNow"/> reads the real-time clock and converts it on every call: in the profile, the
/// costliest of the clock reads a request made on the HTTP/1.1 core. The access log and the charts keep milliseconds,
/// and the two clocks drift apart by well under a millisecond in a second (NTP slews at most 0.5 ms/s). A clock of a
/// test's own (any provider but <see cref="TimeProvider.System"/>) is always asked, so tests see exactly its time.
/// </remarks>
internal static class RequestClock
{
    private static readonly double TicksPerTimestamp = (double)TimeSpan.TicksPerSecond / Stopwatch.Frequency;

    [ThreadStatic]
    private static long t_baseTimestamp;

    [ThreadStatic]
    private static long t_baseUtcTicks;

    /// <summary>The UTC time at <paramref name="timestamp"/> (a <see cref="Stopwatch.GetTimestamp"/> read just now).</summary>
    public static DateTimeOffset UtcAt(TimeProvider time, long timestamp)
    {
        if (!ReferenceEquals(time, TimeProvider.System))
        {
            return time.GetUtcNow();
        }

        var since = timestamp - t_baseTimestamp;
        if (t_baseUtcTicks == 0 || since < 0 || since >= Stopwatch.Frequency)
        {
            // The pair is read now, together: the timestamp given may be older (it is then before the new base).
            var now = Stopwatch.GetTimestamp();
            t_baseUtcTicks = DateTime.UtcNow.Ticks;
            t_baseTimestamp = now;
            since = timestamp - now;
        }

        return new DateTimeOffset(t_baseUtcTicks + (long)(since * TicksPerTimestamp), TimeSpan.Zero);
    }
}
