namespace Gateway.Admin.Guard;

/// <summary>
/// How a guarded commit judges its routes (<c>Gateway:Admin:Guard</c>). A route is degraded when, over the
/// window so far, with at least <see cref="MinimumRequests"/> requests, either its 5xx rate rose by
/// <see cref="ErrorRateIncrease"/> or more over the baseline, or its p99 is at least <see cref="LatencyFactor"/>
/// times the baseline's and <see cref="LatencyIncrease"/> longer (the latency test also needs that many baseline requests).
/// </summary>
internal sealed class GuardOptions
{
    /// <summary>The window of <c>?guard=true</c> and of the Pending page's checkbox.</summary>
    public TimeSpan DefaultWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The seconds before the commit compared against.</summary>
    public TimeSpan Baseline { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>A rise of the 5xx rate, as a fraction (0.10 is ten percentage points).</summary>
    public double ErrorRateIncrease { get; set; } = 0.10;

    public int MinimumRequests { get; set; } = 20;

    public double LatencyFactor { get; set; } = 2;

    public TimeSpan LatencyIncrease { get; set; } = TimeSpan.FromMilliseconds(200);
}
