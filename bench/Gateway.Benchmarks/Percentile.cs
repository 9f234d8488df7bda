namespace Gateway.Benchmarks;

internal static class Percentile
{
    /// <summary>The nearest-rank percentile of <paramref name="values"/>.</summary>
    public static double Of(List<double> values, int percentile)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1)];
    }
}
