using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Tests.Diagnostics;

/// <summary>
/// Expected network errors (malformed requests from clients, servers that reset) log at most a short line
/// each at the default levels, never a stack trace: what a console logger would print is measured,
/// exception text included.
/// </summary>
public class ExpectedNetworkErrorLogTests
{
    [Fact]
    public async Task MalformedRequests_LogNoStackTrace_AndAtMostAShortLineEach()
    {
        var printed = new PrintedLog();
        await using var backend = await BackendServer.StartAsync("b");
        await using var gateway = await GatewayTestHost.StartAsync(TestConfigs.OneRoute(backend), services: s => s.AddSingleton<ILoggerProvider>(printed));
        var url = gateway.Url("web");
        string[] malformed =
        [
            "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n",
            "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003 not http\r\n\r\n",
            "GET /" + new string('a', 20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
        ];
        foreach (var request in malformed)
        {
            var answer = await SendRawAsync(url, request);
            Assert.True(answer.StartsWith("HTTP/1.1 4", StringComparison.Ordinal), $"{request[..Math.Min(40, request.Length)]} → {answer}");
        }

        await Task.Delay(200); // a log line written after the answer would still be counted
        Assert.DoesNotContain(printed.Lines, line => line.Contains("   at ", StringComparison.Ordinal));
        Assert.True(printed.Bytes <= 300 * malformed.Length, $"{printed.Bytes} bytes logged for {malformed.Length} malformed requests:\n{string.Join('\n', printed.Lines)}");
    }

    [Fact]
    public async Task AServerThatResets_IsOneLinePerFailure_WithoutAStackTrace()
    {
        var printed = new PrintedLog();
        await using var resetting = MisbehavingServer.ClosesAfterRequest();
        var config = new GatewayConfig
        {
            Listeners = [TestConfigs.Listener()],
            Routes = [TestConfigs.Route("all", "app")],
            Clusters = [new ClusterConfig { Id = "app", Servers = [new ServerConfig { Id = "r", Address = resetting.Url }] }],
        };
        await using var gateway = await GatewayTestHost.StartAsync(config, services: s => s.AddSingleton<ILoggerProvider>(printed));
        for (var i = 0; i < 3; i++)
        {
            using var response = await gateway.Client.GetAsync(gateway.Url("web", "/x"));
            Assert.Equal(System.Net.HttpStatusCode.BadGateway, response.StatusCode);
        }

        Assert.DoesNotContain(printed.Lines, line => line.Contains("   at ", StringComparison.Ordinal));
        // One line per failed try at most (the failure log's limiter may fold them), plus passive health's own word.
        Assert.True(printed.Lines.Count(l => l.Contains("ForwardFailureLog", StringComparison.Ordinal)) is >= 1 and <= 3, string.Join('\n', printed.Lines));
        Assert.All(printed.Lines, line => Assert.True(line.Length < 400, line));
    }

    private static async Task<string> SendRawAsync(Uri url, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(url.Host, url.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
        var buffer = new byte[256];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var read = await stream.ReadAsync(buffer, timeout.Token);
        return Encoding.Latin1.GetString(buffer, 0, read);
    }

    /// <summary>What a console logger would print at the default level (Information), exception text included.</summary>
    private sealed class PrintedLog : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyList<string> Lines => [.. _lines];

        public int Bytes => _lines.Sum(l => Encoding.UTF8.GetByteCount(l) + 1);

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information
                && (logLevel >= LogLevel.Warning || !category.StartsWith("Microsoft.", StringComparison.Ordinal));

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : "\n" + exception)}");
                }
            }
        }
    }
}
