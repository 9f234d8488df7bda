namespace Gateway.TrafficHistory;

/// <summary>
/// One route's, cluster's or server's last 15 minutes in 10-second buckets: 5xx and a latency histogram
/// (<see cref="LatencyBuckets"/>), whose counts add up to the bucket's requests. Fixed size (about 7 KB), written with
/// two interlocked increments per request (one more for a 5xx); a bucket is cleared under a lock only when its slot is
/// reused for a new 10 seconds. A request that read the old period just before that rollover can land in the new
/// bucket: a count or two in the charts, never a torn value.
/// </summary>
internal sealed class TrafficRing
{
    public const int Slots = 90;

    private readonly long[] _period = new long[Slots];
    private readonly long[] _serverErrors = new long[Slots];
    private readonly int[] _latency = new int[Slots * LatencyBuckets.Count];
    private readonly Lock _rollover = new();

    public void Add(long period, bool serverError, int latencyBucket)
    {
        var slot = (int)(period % Slots);
        var current = Volatile.Read(ref _period[slot]);
        if (current != period)
        {
            if (current > period)
            {
                return; // A request recorded late, after its slot moved on: too old for the window.
            }

            lock (_rollover)
            {
                if (_period[slot] != period)
                {
                    _serverErrors[slot] = 0;
                    Array.Clear(_latency, slot * LatencyBuckets.Count, LatencyBuckets.Count);
                    Volatile.Write(ref _period[slot], period);
                }
            }
        }

        if (serverError)
        {
            Interlocked.Increment(ref _serverErrors[slot]);
        }

        Interlocked.Increment(ref _latency[(slot * LatencyBuckets.Count) + latencyBucket]);
    }

    /// <summary>The buckets from <paramref name="lastPeriod"/> − 89 to <paramref name="lastPeriod"/>, oldest first; empty periods as zeros.</summary>
    public TrafficPoint[] Read(long lastPeriod)
    {
        var points = new TrafficPoint[Slots];
        Span<int> histogram = stackalloc int[LatencyBuckets.Count];
        for (var i = 0; i < Slots; i++)
        {
            var period = lastPeriod - Slots + 1 + i;
            var slot = (int)(period % Slots);
            if (period < 0 || Volatile.Read(ref _period[slot]) != period)
            {
                points[i] = TrafficPoint.Empty;
                continue;
            }

            long requests = 0;
            for (var b = 0; b < histogram.Length; b++)
            {
                histogram[b] = Volatile.Read(ref _latency[(slot * LatencyBuckets.Count) + b]);
                requests += histogram[b];
            }

            points[i] = new TrafficPoint(requests, Interlocked.Read(ref _serverErrors[slot]),
                LatencyBuckets.Percentile(histogram, 0.5), LatencyBuckets.Percentile(histogram, 0.99));
        }

        return points;
    }
}
