using BenchmarkDotNet.Attributes;
using Gateway.AccessLog;

namespace Gateway.Benchmarks;

/// <summary>
/// What one access-log line costs the background writer: formatting a proxied request's record as text (HAProxy's
/// httplog order) or JSON. The request path itself only queues the record it already built for the metrics and the
/// Recent requests page, so on one core this is the log's whole per-request cost besides the write, which is batched.
/// </summary>
[MemoryDiagnoser]
public class AccessLogBenchmarks
{
    private readonly AccessLogRecord _record = new()
    {
        AcceptedAt = DateTimeOffset.UtcNow,
        Client = "127.0.0.1:50000",
        Listener = "web",
        Method = "GET",
        Target = "/orders/42?expand=lines",
        Protocol = "HTTP/1.1",
        Status = 200,
        BytesIn = 0,
        BytesOut = 512,
        Tw = 0,
        Tr = 2,
        Ta = 3,
        Route = "orders",
        Cluster = "api",
        Server = "a",
        Termination = "--",
        Revision = "revision 12",
    };

    [Benchmark(Baseline = true)]
    public string Text() => AccessLogFormatter.Text(_record);

    [Benchmark]
    public string Json() => AccessLogFormatter.Json(_record);
}
