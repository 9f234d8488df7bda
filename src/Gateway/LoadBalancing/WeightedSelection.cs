namespace Gateway.LoadBalancing;

/// <summary>
/// The arithmetic of weighted server selection, free of YARP so that any mode (HTTP through YARP,
/// TCP with its own selection) can share it. Weights are HAProxy's: a server of weight 3 gets
/// three times the new traffic of one of weight 1, and weight 0 gets none.
/// </summary>
internal static class WeightedSelection
{
    /// <summary>
    /// Index of the entry <paramref name="point"/> (0 ≤ point &lt; total weight) falls in, where
    /// <paramref name="cumulative"/>[i] is the sum of the weights of entries 0..i. Entries of weight
    /// 0 take up no room, so they are never chosen.
    /// </summary>
    public static int IndexOf(ReadOnlySpan<int> cumulative, int point)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(point);
        var (low, high) = (0, cumulative.Length - 1);
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (cumulative[middle] > point)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }

    /// <summary>Running sums of <paramref name="weights"/>, for <see cref="IndexOf"/>.</summary>
    public static int[] Cumulative(ReadOnlySpan<int> weights)
    {
        var sums = new int[weights.Length];
        var total = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            total += Math.Max(0, weights[i]);
            sums[i] = total;
        }

        return sums;
    }

    /// <summary>
    /// True when a server with <paramref name="inFlightA"/> requests and weight <paramref name="weightA"/>
    /// is less loaded than the other, counting the request about to be placed: (in flight + 1) / weight,
    /// compared without division. A server of weight 0 is never lighter.
    /// </summary>
    public static bool IsLighter(long inFlightA, int weightA, long inFlightB, int weightB)
    {
        if (weightA <= 0)
        {
            return false;
        }

        if (weightB <= 0)
        {
            return true;
        }

        return (inFlightA + 1) * weightB < (inFlightB + 1) * weightA;
    }
}
