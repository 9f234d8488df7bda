using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Gateway.AccessLog;

/// <summary>
/// Takes lines from the request path into a bounded queue and writes them from one background
/// task. When the queue is full a line is dropped and counted: a slow disk or a flood never
/// holds a request.
/// </summary>
internal sealed class AccessLogWriter : BackgroundService
{
    private readonly Channel<string> _lines;
    private readonly AccessLogOptions _options;
    private long _dropped;
    private long _written;

    public AccessLogWriter(IOptions<AccessLogOptions> options)
    {
        _options = options.Value;
        _lines = Channel.CreateBounded<string>(new BoundedChannelOptions(Math.Max(16, _options.QueueCapacity))
        {
            // TryWrite on a full "Wait" channel returns false at once (DropWrite would drop silently, uncounted).
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    public AccessLogOptions Options => _options;

    public long Dropped => Interlocked.Read(ref _dropped);

    public long Written => Interlocked.Read(ref _written);

    public void Enqueue(string line)
    {
        if (!_lines.Writer.TryWrite(line))
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
                while (reader.TryRead(out var line))
                {
                    sink.WriteLine(line);
                    Interlocked.Increment(ref _written);
                }

                sink.Flush();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            while (reader.TryRead(out var line))
            {
                sink.WriteLine(line); // what was queued before stopping
            }

            sink.Flush();
        }
    }
}
