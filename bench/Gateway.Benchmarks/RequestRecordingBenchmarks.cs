using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Gateway.AccessLog;
using Gateway.Benchmarks.Before;
using Gateway.Core.Configuration;
using Gateway.Model;
using Gateway.RequestObservation;
using Gateway.TrafficHistory;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Gateway.Benchmarks;

/// <summary>
/// Recording one proxied request when it ends (the HTTP/1.1 core's <c>Record</c>, access log off), before and after
/// issue 18's rework, in one run. Before: an <see cref="AccessLogRecord"/> allocated per request, four metric
/// measurements with a tag list each (the guard's window fed from the metrics), the charts' history finding its rings
/// and reading the clock, the ring keeping the record. After: one <see cref="RequestOutcome"/> on the stack through
/// <see cref="RequestRecorder"/>. An OpenTelemetry meter provider listens to both meters, as the standalone host's
/// Prometheus exporter does, so the exporter's own per-measurement work is in the numbers.
/// </summary>
/// <remarks><c>--filter '*RequestRecording*'</c>. <c>Routes</c> is how many routes the requests rotate over (one thread).</remarks>
[MemoryDiagnoser]
public class RequestRecordingBenchmarks
{
    private static readonly TimeSpan Elapsed = TimeSpan.FromMilliseconds(3);

    private ServiceProvider _services = null!;
    private MeterProvider _exporter = null!;
    private MetricsBefore _metricsBefore = null!;
    private RecentRingBefore _recentBefore = null!;
    private TrafficHistoryStore _history = null!;
    private RequestRecorder _recorder = null!;
    private string[] _routes = null!;
    private DateTimeOffset _acceptedAt;
    private int _next;

    [Params(1, 8)]
    public int Routes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        _exporter = Sdk.CreateMeterProviderBuilder().AddMeter("Gateway.*").AddReader(new BaseExportingMetricReader(new DiscardingExporter())).Build();
        var meters = _services.GetRequiredService<IMeterFactory>();
        var config = new GatewayConfig
        {
            Routes = [.. Enumerable.Range(0, Routes).Select(i => new RouteConfig { Id = $"orders{i}", Path = $"/orders{i}", Cluster = "api" })],
            Clusters = [new ClusterConfig { Id = "api", Servers = [new() { Id = "a", Address = "http://127.0.0.1:9/" }] }],
        };
        _routes = [.. config.Routes.Select(r => r.Id)];
        var snapshots = new SnapshotHolder();
        snapshots.Publish(new GatewaySnapshot(config, "revision 1", 1, DateTimeOffset.UtcNow, [], [], [], Core.Rules.Compilation.DocumentRules.Empty));
        _history = new TrafficHistoryStore(snapshots, TimeProvider.System);
        _metricsBefore = new MetricsBefore(meters, new RouteTrafficWindow());
        _recentBefore = new RecentRingBefore();
        _recorder = new RequestRecorder(new RequestMetrics(meters), new RouteTrafficWindow(), _history, new RecentRequestRing(), snapshots);
        _acceptedAt = DateTimeOffset.UtcNow;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _exporter.Dispose();
        _services.Dispose();
    }

    private string NextRoute() => _routes[_next++ % _routes.Length];

    [Benchmark(Baseline = true)]
    public void Before()
    {
        var line = new AccessLogRecord
        {
            AcceptedAt = _acceptedAt, Client = "127.0.0.1:50000", Listener = "web", Method = "GET", Target = "/orders", Protocol = "HTTP/1.1",
            Status = 200, BytesIn = -1, BytesOut = 100, Tw = 0, Tr = 2, Ta = (long)Elapsed.TotalMilliseconds, Route = NextRoute(), Cluster = "api",
            Server = "a", Termination = "--", Revision = "revision 1",
        };
        _metricsBefore.Record(line.Listener, line.Route, line.Cluster, line.Server, line.Status, Elapsed, line.BytesIn, line.BytesOut);
        _history.Record(line.Route, line.Cluster, line.Server, line.Status, Elapsed);
        _recentBefore.Add(line);
    }

    [Benchmark]
    public void After()
    {
        var outcome = new RequestOutcome("web", "127.0.0.1:50000", "revision 1")
        {
            AcceptedAt = _acceptedAt, Method = "GET", Target = "/orders", Protocol = "HTTP/1.1", Status = 200, BytesOut = 100, Tw = 0, Tr = 2,
            Elapsed = Elapsed, Route = NextRoute(), Cluster = "api", Server = "a",
        };
        _recorder.Record(in outcome);
    }

    /// <summary>Collects nothing anywhere: the provider's per-measurement work is what is timed.</summary>
    private sealed class DiscardingExporter : BaseExporter<Metric>
    {
        public override ExportResult Export(in Batch<Metric> batch) => ExportResult.Success;
    }
}
