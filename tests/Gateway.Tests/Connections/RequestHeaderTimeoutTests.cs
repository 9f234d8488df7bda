using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using static Gateway.Tests.Common.TestConfigs;

namespace Gateway.Tests.Connections;

/// <summary>
/// A listener's request header timeout cuts a client that sends its headers too slowly (slowloris), from the connection's
/// start and from the first byte of each later request; between requests a keep-alive connection waits up to the
/// listener's idle timeout. Runs on both HTTP paths (test.sh).
/// </summary>
public class RequestHeaderTimeoutTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task HeadersThatNeverFinish_AreCutAtTheListenersTimeout_NotKestrels30Seconds()
    {
        await using var host = await GatewayTestHost.StartAsync(new GatewayConfig { Listeners = [Listener() with { RequestHeaderTimeout = TimeSpan.FromSeconds(1) }] });
        using var client = await ConnectAsync(host);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: example.test\r\nX-Slow: "));
        var watch = Stopwatch.StartNew();

        var closed = await ReadUntilClosedAsync(stream);

        Assert.True(closed, $"the connection is closed within {Bound.TotalSeconds} s");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"cut after {watch.Elapsed.TotalSeconds:0.0} s, long before Kestrel's 30 s");
    }

    [Fact]
    public async Task AHeadTrickledOneWholeLineAtATime_IsStillCutAtTheHeaderTimeout()
    {
        // Each write ends at a line's end, so Kestrel has used every byte it was given before it reads again: that must not
        // pass for a whole head.
        var clock = new ManualTimeProvider();
        await using var host = await StartAsync(clock, headerTimeout: TimeSpan.FromSeconds(1), idleTimeout: TimeSpan.FromMinutes(5));
        using var client = await ConnectAsync(host);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /x HTTP/1.1\r\nHost: example.test\r\n"));

        // A line each second the connection is still open (the last at 4 s): lines that restarted the timeout would keep it open.
        var seconds = await SecondsUntilClosedAsync(clock, stream, most: 4, eachSecond: second => stream.WriteAsync(Encoding.ASCII.GetBytes($"X-Line-{second}: more\r\n")).AsTask());

        Assert.True(seconds <= 4, $"a head trickled a line a second is cut near the 1 s header timeout (still open after 4 s: {seconds > 4})");
    }

    [Fact]
    public async Task AnIdleKeepAliveConnection_IsClosedAtTheListenersIdleTimeout_NotAtTheHeaderTimeout()
    {
        var clock = new ManualTimeProvider();
        await using var host = await StartAsync(clock, headerTimeout: TimeSpan.FromSeconds(1), idleTimeout: TimeSpan.FromSeconds(10));
        using var client = await ConnectAsync(host);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /x HTTP/1.1\r\nHost: example.test\r\n\r\n"));
        Assert.StartsWith("HTTP/1.1 404", await ReadResponseAsync(stream), StringComparison.Ordinal);

        // One second of the clock at a time (the heartbeat checks deadlines once a second) until the server closes it.
        var waited = await SecondsUntilClosedAsync(clock, stream, most: 12);

        Assert.True(waited > 4, $"a keep-alive connection outlives the 1 s request header timeout (closed after {waited} s)");
        Assert.True(waited <= 12, $"the idle keep-alive connection is closed at the listener's 10 s idle timeout (closed after {waited} s)");
    }

    [Fact]
    public async Task TheNextRequestsHead_HasTheHeaderTimeoutFromItsFirstByte_NotTheKeepAliveTimeout()
    {
        var clock = new ManualTimeProvider();
        await using var host = await StartAsync(clock, headerTimeout: TimeSpan.FromSeconds(1), idleTimeout: TimeSpan.FromMinutes(5));
        using var client = await ConnectAsync(host);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /first HTTP/1.1\r\nHost: example.test\r\n\r\n"));
        Assert.StartsWith("HTTP/1.1 404", await ReadResponseAsync(stream), StringComparison.Ordinal);
        clock.Advance(TimeSpan.FromSeconds(30));

        // Still open after 30 s of waiting: a whole request is answered on it.
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /second HTTP/1.1\r\nHost: example.test\r\n\r\n"));
        Assert.StartsWith("HTTP/1.1 404", await ReadResponseAsync(stream), StringComparison.Ordinal);

        // A head that never finishes is cut a header timeout after its first bytes, long before the keep-alive timeout.
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /third HTTP/1.1\r\nHost: exa"));
        var waited = await SecondsUntilClosedAsync(clock, stream, most: 5);

        Assert.True(waited <= 5, $"the slow head was cut {waited} s after its first bytes (header timeout 1 s, keep-alive timeout 300 s)");
    }

    [Theory]
    [InlineData("\r\n|\r\n")]
    [InlineData("\r|\n|\r|\n")]
    [InlineData("\r\n\r|\n")]
    [InlineData("\r\n\r\n")]
    public async Task AWholeHeadThatTheServerIsSlowToHandle_IsAnswered_NotCutByTheHeaderTimeout(string headEnd)
    {
        // Kestrel's path (the core stops the clock in its own parser): a step ahead of the gateway's middleware holds the
        // request after Kestrel has parsed it, as a cold or starved process did in CI, while the clock runs far past the 1 s
        // header timeout.
        var clock = new ManualTimeProvider();
        var held = new SlowStartFilter();
        await using var host = await StartHeldAsync(clock, held);
        using var client = await ConnectAsync(host);
        var stream = client.GetStream();

        // The head's end split across writes (|) as a client may send it: Kestrel has consumed the lines before it.
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /x HTTP/1.1\r\nHost: example.test"));
        foreach (var part in headEnd.Split('|'))
        {
            await Task.Delay(50);
            await stream.WriteAsync(Encoding.ASCII.GetBytes(part));
        }

        await HoldPastTheHeaderTimeoutAsync(clock, held, stream, "a request");

        Assert.StartsWith("HTTP/1.1 404", await ReadResponseAsync(stream), StringComparison.Ordinal);
    }

    [Fact]
    public async Task APipelinedRequestThatTheServerIsSlowToHandle_IsAnswered_NotCutByTheHeaderTimeout()
    {
        // The second head came with the first: Kestrel parses it from what is already buffered, no new bytes arriving.
        var clock = new ManualTimeProvider();
        var held = new SlowStartFilter("/held");
        await using var host = await StartHeldAsync(clock, held);
        using var client = await ConnectAsync(host);
        var stream = client.GetStream();

        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /first HTTP/1.1\r\nHost: example.test\r\n\r\nGET /held HTTP/1.1\r\nHost: example.test\r\n\r\n"));
        Assert.StartsWith("HTTP/1.1 404", await ReadResponseAsync(stream), StringComparison.Ordinal);
        await HoldPastTheHeaderTimeoutAsync(clock, held, stream, "a pipelined request");

        Assert.StartsWith("HTTP/1.1 404", await ReadResponseAsync(stream), StringComparison.Ordinal);
    }

    [Fact]
    public void IdleTimeout_OutOfRange_IsRefusedWithItsPath()
    {
        var errors = Gateway.Core.Validation.ConfigValidator.Validate(new GatewayConfig { Listeners = [Listener() with { IdleTimeout = TimeSpan.FromDays(8) }] });

        Assert.Contains(errors, e => e.Path == "listeners[web].idleTimeout");
    }

    [Fact]
    public void RequestHeaderTimeout_OutOfRange_IsRefusedWithItsPath()
    {
        var errors = Gateway.Core.Validation.ConfigValidator.Validate(new GatewayConfig { Listeners = [Listener() with { RequestHeaderTimeout = TimeSpan.FromDays(1) }] });

        Assert.Contains(errors, e => e.Path == "listeners[web].requestHeaderTimeout");
    }

    /// <summary>Kestrel's path with a 1 s header timeout on <paramref name="clock"/>, and <paramref name="held"/> in front of the gateway's middleware.</summary>
    private static Task<GatewayTestHost> StartHeldAsync(ManualTimeProvider clock, SlowStartFilter held) =>
        GatewayTestHost.StartAsync(
            new GatewayConfig { Listeners = [Listener() with { RequestHeaderTimeout = TimeSpan.FromSeconds(1), IdleTimeout = TimeSpan.FromMinutes(5), Http1Core = false }] },
            services: services =>
            {
                services.AddSingleton<TimeProvider>(clock);
                services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter>(held);
            });

    /// <summary>Once the request is held, runs the clock 5 s past the header timeout, checking each second that the connection stays open; then lets it go.</summary>
    private static async Task HoldPastTheHeaderTimeoutAsync(ManualTimeProvider clock, SlowStartFilter held, NetworkStream stream, string what)
    {
        await held.Entered.Task.WaitAsync(Bound);
        for (var second = 0; second < 5; second++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            Assert.False(await ClosedSoonAsync(stream), $"the connection was cut {second + 1} s into {what} whose head was whole");
        }

        held.Release.SetResult();
    }

    /// <summary>Outermost step of the host's pipeline: holds each request (or each for <paramref name="path"/>) until released.</summary>
    private sealed class SlowStartFilter(string? path = null) : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, inner) =>
            {
                if (path is null || context.Request.Path == path)
                {
                    Entered.TrySetResult();
                    await Release.Task.WaitAsync(context.RequestAborted); // a cut connection ends the hold (and the test's host stops at once)
                }

                await inner(context);
            });
            next(app);
        };
    }

    private static Task<GatewayTestHost> StartAsync(ManualTimeProvider clock, TimeSpan headerTimeout, TimeSpan idleTimeout) =>
        GatewayTestHost.StartAsync(
            new GatewayConfig { Listeners = [Listener() with { RequestHeaderTimeout = headerTimeout, IdleTimeout = idleTimeout }] },
            services: services => services.AddSingleton<TimeProvider>(clock));

    /// <summary>
    /// Moves the clock a second at a time, at most <paramref name="most"/> seconds, until the server closes the connection;
    /// returns the seconds moved, or <paramref name="most"/> + 1 if it is still open with the clock at <paramref name="most"/>
    /// seconds. <paramref name="eachSecond"/> runs after each second the connection stayed open (an IOException from it is a close).
    /// </summary>
    private static async Task<int> SecondsUntilClosedAsync(ManualTimeProvider clock, NetworkStream stream, int most, Func<int, Task>? eachSecond = null)
    {
        for (var seconds = 1; seconds <= most; seconds++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            if (await ClosedSoonAsync(stream))
            {
                return seconds;
            }

            try
            {
                await (eachSecond?.Invoke(seconds) ?? Task.CompletedTask);
            }
            catch (IOException)
            {
                return seconds; // reset by the server
            }
        }

        // The clock stops at the last second allowed: whatever closes the connection now was decided by then. On a busy
        // machine the close can take longer than the 500 ms ClosedSoonAsync waits after each second, and counting it at a
        // later second would fail the caller's bound; here it gets the generous real-time bound instead.
        return await ReadUntilClosedAsync(stream) ? most : most + 1;
    }

    /// <summary>Whether the server closes the connection within a moment (the heartbeat acts on the clock at once; this bounds the read).</summary>
    private static async Task<bool> ClosedSoonAsync(NetworkStream stream)
    {
        var buffer = new byte[4096];
        using var limit = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        try
        {
            return await stream.ReadAsync(buffer, limit.Token) == 0;
        }
        catch (IOException)
        {
            return true; // reset by the server
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task<TcpClient> ConnectAsync(GatewayTestHost host)
    {
        var url = host.Url("web");
        var client = new TcpClient();
        await client.ConnectAsync(url.Host, url.Port);
        return client;
    }

    /// <summary>One whole response (Content-Length or chunked body), so the next read starts with the next one.</summary>
    private static async Task<string> ReadResponseAsync(NetworkStream stream)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        using var limit = new CancellationTokenSource(Bound);
        while (!IsWhole(text.ToString()))
        {
            var read = await stream.ReadAsync(buffer, limit.Token);
            Assert.True(read > 0, "the connection closed in the middle of a response");
            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return text.ToString();

        static bool IsWhole(string response)
        {
            var end = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0)
            {
                return false;
            }

            var head = response[..end];
            var body = response.Length - end - 4;
            var length = System.Text.RegularExpressions.Regex.Match(head, @"(?im)^content-length:\s*(\d+)");
            return length.Success ? body >= int.Parse(length.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
                : !head.Contains("chunked", StringComparison.OrdinalIgnoreCase) || response.EndsWith("0\r\n\r\n", StringComparison.Ordinal);
        }
    }

    private static async Task<bool> ReadUntilClosedAsync(NetworkStream stream)
    {
        var buffer = new byte[4096];
        using var limit = new CancellationTokenSource(Bound);
        try
        {
            while (await stream.ReadAsync(buffer, limit.Token) > 0)
            {
            }

            return true;
        }
        catch (IOException)
        {
            return true; // reset by the server
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
