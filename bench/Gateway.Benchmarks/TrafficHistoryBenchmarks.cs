using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Gateway.AccessLog;
using Gateway.Core.Configuration;
using Gateway.Model;
using Gateway.RequestObservation;
using Gateway.TrafficHistory;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Benchmarks;

/// <summary>
/// What the overview charts and the Recent requests page add per request, beside what the request metrics already
/// cost, in one run: <see cref="RequestMetrics.Record"/> (the baseline, with a MeterListener collecting as the
/// Prometheus exporter does), <see cref="TrafficHistoryStore.Record(string?, string?, string?, int, TimeSpan)"/> (route,
/// cluster and server series) and the recent-requests ring's entry when the access log is off. The whole per-request
/// record before and after issue 18's rework is <see cref="RequestRecordingBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
public class TrafficHistoryBenchmarks
{
    private RequestMetrics _metrics = null!;
    private TrafficHistoryStore _history = null!;
    private RecentRequestRing _recent = null!;
    private MeterListener _listener = null!;
    private ServiceProvider _services = null!;

    [GlobalSetup]
    public void Setup()
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        _metrics = new RequestMetrics(_services.GetRequiredService<IMeterFactory>());
        _listener = new MeterListener { InstrumentPublished = (instrument, l) => l.EnableMeasurementEvents(instrument) };
        _listener.SetMeasurementEventCallback<long>((_, _, _, _) => { });
        _listener.SetMeasurementEventCallback<double>((_, _, _, _) => { });
        _listener.Start();
        var snapshots = new SnapshotHolder();
        var config = new GatewayConfig
        {
            Routes = [new RouteConfig { Id = "orders", Path = "/orders", Cluster = "api" }],
            Clusters = [new ClusterConfig { Id = "api", Servers = [new() { Id = "a", Address = "http://127.0.0.1:9/" }] }],
        };
        snapshots.Publish(new GatewaySnapshot(config, "revision 1", 1, DateTimeOffset.UtcNow, [], [], [], Core.Rules.Compilation.DocumentRules.Empty));
        _history = new TrafficHistoryStore(snapshots, TimeProvider.System);
        _recent = new RecentRequestRing();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _listener.Dispose();
        _services.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void Metrics() => _metrics.Record("web", "orders", "api", "a", 200, TimeSpan.FromMilliseconds(3), 0, 512);

    [Benchmark]
    public void History() => _history.Record("orders", "api", "a", 200, TimeSpan.FromMilliseconds(3));

    [Benchmark]
    public void RecentCompact()
    {
        var outcome = new RequestOutcome("web", "127.0.0.1:50000", "revision 1")
        {
            AcceptedAt = DateTimeOffset.UtcNow, Method = "GET", Target = "/orders", Status = 200, Elapsed = TimeSpan.FromMilliseconds(3),
            Route = "orders", Cluster = "api", Server = "a",
        };
        _recent.Add(in outcome);
    }
}
