using System.Diagnostics.Metrics;

namespace Gateway.Admin.Store;

/// <summary>Commits to the store (meter <c>Gateway.Config</c>): how many, by outcome, and how long each took, validation and publish included.</summary>
internal sealed class CommitMetrics
{
    public const string MeterName = "Gateway.Config";

    private readonly Counter<long> _commits;
    private readonly Histogram<double> _duration;

    public CommitMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _commits = meter.CreateCounter<long>("gateway.config.commits", description: "Commits to the configuration store, by outcome (committed, conflict, invalid).");
        _duration = meter.CreateHistogram<double>("gateway.config.commit.duration", unit: "s", description: "Time from a commit's start to its answer: the new revision live, or the reason it was refused.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
    }

    public void Record(CommitStatus status, TimeSpan duration)
    {
        var outcome = new KeyValuePair<string, object?>("outcome", status.ToString().ToLowerInvariant());
        _commits.Add(1, outcome);
        _duration.Record(duration.TotalSeconds, outcome);
    }
}
