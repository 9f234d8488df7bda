namespace Gateway.TrafficHistory;

/// <summary>
/// The fixed latency buckets of the charts' histograms (milliseconds, upper bounds, 1-2-5 steps), and the
/// percentile read from one bucket's counts. Fixed bounds keep recording to one array increment; a percentile is
/// interpolated linearly inside the bucket it falls in, so it is as precise as the bucket's width allows.
/// </summary>
internal static class LatencyBuckets
{
    /// <summary>Upper bounds in milliseconds; one more bucket above the last holds everything slower.</summary>
    public static readonly double[] UpperBoundsMs = [0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000];

    public static int Count => UpperBoundsMs.Length + 1;

    public static int IndexOf(double milliseconds)
    {
        var bounds = UpperBoundsMs;
        for (var i = 0; i < bounds.Length; i++)
        {
            if (milliseconds <= bounds[i])
            {
                return i;
            }
        }

        return bounds.Length;
    }

    /// <summary>The <paramref name="quantile"/> (0..1) of the counts <paramref name="counts"/>; null when there are none.</summary>
    public static double? Percentile(ReadOnlySpan<int> counts, double quantile)
    {
        long total = 0;
        foreach (var count in counts)
        {
            total += count;
        }

        if (total == 0)
        {
            return null;
        }

        var rank = Math.Max(1, Math.Ceiling(quantile * total));
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] == 0)
            {
                continue;
            }

            if (seen + counts[i] >= rank)
            {
                if (i == UpperBoundsMs.Length)
                {
                    return UpperBoundsMs[^1];
                }

                var lower = i == 0 ? 0 : UpperBoundsMs[i - 1];
                return lower + ((UpperBoundsMs[i] - lower) * (rank - seen) / counts[i]);
            }

            seen += counts[i];
        }

        return UpperBoundsMs[^1];
    }
}
