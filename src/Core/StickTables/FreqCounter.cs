namespace Gateway.Core.StickTables;

/// <summary>
/// HAProxy's frequency counter (<c>freq_ctr</c>) over a period: events in the current period plus
/// the previous period's, weighted by how much of the current period is still to come. A counter is
/// three numbers: when the current period began, its count, and the previous period's count.
/// </summary>
/// <remarks>
/// Same arithmetic as HAProxy's <c>update_freq_ctr_period</c> and <c>read_freq_ctr_period</c>: the
/// period moves forward by whole periods (so its start stays aligned), or restarts at now once two
/// periods or more have passed with no event.
/// </remarks>
internal static class FreqCounter
{
    /// <summary>Longs a counter takes in an entry: start of the current period, its count, the previous period's count.</summary>
    public const int Slots = 3;

    /// <summary>A counter whose current period starts now, both counts zero.</summary>
    public static void Reset(Span<long> counter, long nowMs)
    {
        counter[0] = nowMs;
        counter[1] = 0;
        counter[2] = 0;
    }

    public static void Add(Span<long> counter, long nowMs, long periodMs, long increment)
    {
        ref var start = ref counter[0];
        ref var current = ref counter[1];
        ref var previous = ref counter[2];
        var elapsed = nowMs - start;
        if (elapsed >= periodMs)
        {
            if (elapsed >= 2 * periodMs)
            {
                // Two periods or more without an event: nothing of the past counts any more.
                previous = 0;
                start = nowMs;
            }
            else
            {
                previous = current;
                start += periodMs;
            }

            current = 0;
        }

        current += increment;
    }

    /// <summary>Events per period as HAProxy reports them (integer, rounded down).</summary>
    public static long Read(ReadOnlySpan<long> counter, long nowMs, long periodMs)
    {
        var current = counter[1];
        var previous = counter[2];
        var remain = counter[0] + periodMs - nowMs;
        if (remain < 0)
        {
            // The current period is over: it becomes the previous one if it ended less than a period ago.
            remain += periodMs;
            previous = remain >= 0 ? current : 0;
            current = 0;
        }

        return (previous * remain + current * periodMs) / periodMs;
    }
}
