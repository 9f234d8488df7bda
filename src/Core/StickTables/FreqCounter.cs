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

    /// <summary>
    /// A counter whose current period is the one holding now, its periods starting at multiples of the period
    /// on the clock (a shared table's clock is Unix time, so every node's periods line up).
    /// </summary>
    public static void ResetAligned(Span<long> counter, long nowMs, long periodMs)
    {
        counter[0] = nowMs - (nowMs % periodMs);
        counter[1] = 0;
        counter[2] = 0;
    }

    /// <param name="aligned">Whether the periods start at multiples of the period (see <see cref="ResetAligned"/>); HAProxy's own counters restart at now.</param>
    public static void Add(Span<long> counter, long nowMs, long periodMs, long increment, bool aligned = false)
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
                start = aligned ? nowMs - (nowMs % periodMs) : nowMs;
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

    /// <summary>
    /// The rate of an aligned counter plus the other nodes' counts of the same periods
    /// (<paramref name="others"/>: start of their current period, its count, the previous period's count):
    /// the same weighting as <see cref="Read"/> over the sum of both.
    /// </summary>
    public static long ReadWith(ReadOnlySpan<long> counter, ReadOnlySpan<long> others, long nowMs, long periodMs)
    {
        var period = nowMs - (nowMs % periodMs);
        var (current, previous) = At(counter, period, periodMs);
        var (otherCurrent, otherPrevious) = At(others, period, periodMs);
        var remain = period + periodMs - nowMs;
        return ((previous + otherPrevious) * remain + (current + otherCurrent) * periodMs) / periodMs;
    }

    /// <summary>An aligned counter's counts for the period starting at <paramref name="period"/> and the one before it.</summary>
    private static (long Current, long Previous) At(ReadOnlySpan<long> counter, long period, long periodMs) =>
        counter[0] == period ? (counter[1], counter[2])
        : counter[0] == period - periodMs ? (0, counter[1])
        : (0, 0);
}
