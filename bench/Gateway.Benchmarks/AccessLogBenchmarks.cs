using System.Buffers;
using System.Text.Json;
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

    private readonly ArrayBufferWriter<byte> _batch = new(64 * 1024);
    private Utf8JsonWriter _json = null!;

    [GlobalSetup]
    public void Setup() => _json = new Utf8JsonWriter(_batch);

    [GlobalCleanup]
    public void Cleanup() => _json.Dispose();

    /// <summary>What the writer does per text line: format into the batch (reset when full, as a write would).</summary>
    [Benchmark(Baseline = true)]
    public void TextIntoBatch()
    {
        ResetWhenFull();
        AccessLogFormatter.WriteText(_record, _batch);
    }

    /// <summary>The same for a JSON line, through the writer's one Utf8JsonWriter.</summary>
    [Benchmark]
    public void JsonIntoBatch()
    {
        ResetWhenFull();
        _json.Reset(_batch);
        AccessLogFormatter.WriteJson(_record, _json);
        _json.Flush();
    }

    /// <summary>The text line as a string (what tests use; the writer formatted this way before).</summary>
    [Benchmark]
    public string TextAsString() => AccessLogFormatter.Text(_record);

    private void ResetWhenFull()
    {
        if (_batch.WrittenCount > 60 * 1024)
        {
            _batch.ResetWrittenCount();
        }
    }
}
