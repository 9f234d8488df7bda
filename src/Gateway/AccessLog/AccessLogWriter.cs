using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Gateway.AccessLog;

/// <summary>
/// Takes records from the request path into a bounded queue; one background task formats them
/// (text or JSON) and writes them. The request path only enqueues the record it already built for
/// the metrics and the Recent requests page, so formatting costs it nothing. When the queue is full
/// a record is dropped and counted: a slow disk or a flood never holds a request.
/// </summary>
internal sealed class AccessLogWriter : BackgroundService
{
    private readonly Channel<QueuedRecord> _lines;
    private readonly AccessLogOptions _options;
    private long _dropped;
    private long _written;

    public AccessLogWriter(IOptions<AccessLogOptions> options)
    {
        _options = options.Value;
        _lines = Channel.CreateBounded<QueuedRecord>(new BoundedChannelOptions(Math.Max(16, _options.QueueCapacity))
        {
            // TryWrite on a full "Wait" channel returns false at once (DropWrite would drop silently, uncounted).
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    public AccessLogOptions Options => _options;

    public long Dropped => Interlocked.Read(ref _dropped);

    public long Written => Interlocked.Read(ref _written);

    /// <summary>Queues <paramref name="record"/> to be written in <paramref name="format"/> (text or JSON).</summary>
    public void Enqueue(AccessLogRecord record, string format)
    {
        if (!_lines.Writer.TryWrite(new QueuedRecord(record, AccessLogFormats.IsJson(format))))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var sink = AccessLogSink.Open(_options);
        var reader = _lines.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                Drain(reader, sink);

                // Let lines gather before writing: under load that is one wake-up and one write per interval (or per
                // full batch) instead of one per few requests; a quiet gateway's line is written within the interval.
                await Task.Delay(FlushInterval, stoppingToken).ConfigureAwait(false);
                Drain(reader, sink);
                sink.Flush();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            while (reader.TryRead(out var queued))
            {
                sink.WriteLine(queued.Record, queued.Json); // what was queued before stopping
            }

            sink.Flush();
        }
    }

    /// <summary>How long queued lines may wait to be written together.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(20);

    private void Drain(ChannelReader<QueuedRecord> reader, AccessLogSink sink)
    {
        while (reader.TryRead(out var queued))
        {
            sink.WriteLine(queued.Record, queued.Json);
            Interlocked.Increment(ref _written);
        }
    }

    private readonly record struct QueuedRecord(AccessLogRecord Record, bool Json);
}
