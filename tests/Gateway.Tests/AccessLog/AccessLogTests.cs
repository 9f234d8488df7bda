using System.Net;
using System.Text.Json;
using Gateway.AccessLog;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;
using Gateway.Tests.Tcp;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.AccessLog;

public class AccessLogTests
{
    private static async Task<GatewayTestHost> StartAsync(GatewayConfig config, string path, string format = "json") =>
        await GatewayTestHost.StartAsync(config, args: [$"--Gateway:AccessLog:Format={format}", $"--Gateway:AccessLog:Path={path}"]);

    [Fact]
    public async Task ProxiedDeniedRetriedTimedOutAndUnavailableRequests_EachGetALine_WithTheirTerminationState()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "access.log");
        await using var good = await BackendServer.StartAsync("good");
        await using var hung = MisbehavingServer.Hung();
        var config = new GatewayConfig
        {
            Listeners = [TestConfigs.Listener() with { Rules = "http-request deny if { path_beg /forbidden }" }],
            Routes =
            [
                TestConfigs.Route("app", "app", "/app/{**rest}"),
                TestConfigs.Route("slow", "slow", "/slow/{**rest}"),
                TestConfigs.Route("gone", "gone", "/gone/{**rest}"),
            ],
            Clusters =
            [
                new ClusterConfig
                {
                    Id = "app",
                    LoadBalancing = LoadBalancingNames.First,
                    PassiveHealth = new PassiveHealthConfig { ConsecutiveFailures = 1 }, // out after its first refusal
                    Servers = [new ServerConfig { Id = "dead", Address = MisbehavingServer.RefusingUrl() }, new ServerConfig { Id = "good", Address = good.Url }],
                },
                new ClusterConfig { Id = "slow", ActivityTimeout = TimeSpan.FromMilliseconds(300), Servers = [new ServerConfig { Id = "hung", Address = hung.Url }] },
                new ClusterConfig { Id = "gone", Servers = [new ServerConfig { Id = "off", Address = good.Url, State = ServerState.Maintenance }] },
            ],
        };
        await using var gateway = await StartAsync(config, path);

        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync(gateway.Url("web", "/app/one?x=1"))).StatusCode); // retried from "dead" to "good"
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync(gateway.Url("web", "/app/two"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await gateway.Client.GetAsync(gateway.Url("web", "/forbidden"))).StatusCode);
        Assert.Equal(HttpStatusCode.GatewayTimeout, (await gateway.Client.GetAsync(gateway.Url("web", "/slow/x"))).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await gateway.Client.GetAsync(gateway.Url("web", "/gone/x"))).StatusCode);

        var lines = await AccessLines.ReadAsync(path, 5);
        var revision = gateway.Snapshot.Version;
        var retried = lines[0];
        Assert.Equal(("GET", "/app/one?x=1", 200, "app", "app", "good", 1, "--", revision),
            (retried.GetProperty("method").GetString(), retried.GetProperty("target").GetString(), retried.GetProperty("status").GetInt32(),
             retried.GetProperty("route").GetString(), retried.GetProperty("cluster").GetString(), retried.GetProperty("server").GetString(),
             retried.GetProperty("retries").GetInt32(), retried.GetProperty("termination").GetString(), retried.GetProperty("revision").GetString()));
        Assert.StartsWith("127.0.0.1:", retried.GetProperty("client").GetString(), StringComparison.Ordinal);
        Assert.Equal("web", retried.GetProperty("listener").GetString());
        Assert.True(retried.GetProperty("ta").GetInt64() >= retried.GetProperty("tr").GetInt64());
        Assert.Equal(0, lines[1].GetProperty("retries").GetInt32());
        Assert.Equal(("deny", "PR", 403), (lines[2].GetProperty("rule").GetString(), lines[2].GetProperty("termination").GetString(), lines[2].GetProperty("status").GetInt32()));
        Assert.Equal(("listener web", 1), (lines[2].GetProperty("ruleScope").GetString(), lines[2].GetProperty("ruleLine").GetInt32()));
        Assert.False(lines[2].TryGetProperty("server", out _));
        Assert.Equal(("sH", 504, "hung"), (lines[3].GetProperty("termination").GetString(), lines[3].GetProperty("status").GetInt32(), lines[3].GetProperty("server").GetString()));
        Assert.Equal(("SC", 503), (lines[4].GetProperty("termination").GetString(), lines[4].GetProperty("status").GetInt32()));
    }

    [Theory]
    [InlineData("deny", "route api", 3, "rule=deny@route/api:3")]
    [InlineData("tarpit", "listener web", 1, "rule=tarpit@listener/web:1")]
    [InlineData("deny", null, 0, "rule=deny ")]
    [InlineData(null, null, 0, "rule=- ")]
    public void TextFormat_NamesTheAnsweringRule_ByScopeAndLine(string? answer, string? scope, int line, string expected)
    {
        var record = new AccessLogRecord
        {
            AcceptedAt = DateTimeOffset.UnixEpoch, Client = "127.0.0.1:1", Listener = "web", Method = "GET", Target = "/", Protocol = "HTTP/1.1",
            Status = 403, Termination = answer is null ? "--" : "PR", Revision = "revision 3", RuleAnswer = answer, RuleScope = scope, RuleLine = line,
        };
        Assert.Contains(expected, AccessLogFormatter.Text(record), StringComparison.Ordinal);
    }

    [Fact]
    public void TextFormat_EscapesControlCharactersAndQuotes_AndCutsALongTarget()
    {
        static AccessLogRecord WithTarget(string target) => new()
        {
            AcceptedAt = new DateTimeOffset(2026, 12, 6, 11, 2, 3, 45, TimeSpan.Zero), Client = "127.0.0.1:1", Listener = "web", Method = "GET",
            Target = target, Protocol = "HTTP/1.1", Status = 200, Revision = "revision 3",
        };

        Assert.Equal("127.0.0.1:1 [06/Dec/2026:11:02:03.045] web -/<NOSRV> -1/-1/-1/-1/0 200 -1 -- retries=0 in=-1 route=- rule=- rev=revision_3 \"GET /a\\x22b\\x0d\\x0aforged é HTTP/1.1\"",
            AccessLogFormatter.Text(WithTarget("/a\"b\r\nforged é")));

        var cut = AccessLogFormatter.Text(WithTarget("/" + new string('\n', 5000)));
        Assert.EndsWith("…" + " HTTP/1.1\"", cut, StringComparison.Ordinal);
        Assert.Equal(AccessLogFormatter.MaxTargetChars - 1, System.Text.RegularExpressions.Regex.Count(cut, @"\\x0a"));
        Assert.DoesNotContain('\n', cut);
    }

    [Fact]
    public async Task TextFormat_FollowsHaproxysHttplogOrder_AndEscapesTheTarget()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "access.log");
        await using var backend = await BackendServer.StartAsync("b1");
        await using var gateway = await StartAsync(TestConfigs.OneRoute(backend), path, "text");

        using var request = new HttpRequestMessage(HttpMethod.Get, gateway.Url("web", "/a%22b"));
        (await gateway.Client.SendAsync(request)).Dispose();

        string line = "";
        await Eventually.TrueAsync(() => File.Exists(path) && (line = File.ReadAllText(path).Trim()).Length > 0, "a text line");
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(line, @"^127\.0\.0\.1:\d+ \[\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d\.\d{3}\] web backend/b1 -1/\d+/-1/\d+/\d+ 200 -?\d+ -- retries=0 in=0 route=all rule=- rev=\S+ ""GET /a%22b HTTP/1\.1""$"), line);
    }

    [Fact]
    public async Task TcpSession_GetsOneLineAtClose_WithBytesBothWays()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "access.log");
        await using var echo = TcpTestServer.Start("echo");
        await using var gateway = await StartAsync(TcpModeTests.TcpConfig(TcpModeTests.Server("a", echo.Address)), path);

        await TcpModeTests.EchoOnceAsync(gateway);

        var line = (await AccessLines.ReadAsync(path, 1)).Single();
        Assert.Equal(("tcp", "tcp", "db", "a", 4L, 4L, "--"),
            (line.GetProperty("mode").GetString(), line.GetProperty("listener").GetString(), line.GetProperty("cluster").GetString(), line.GetProperty("server").GetString(),
             line.GetProperty("bytesIn").GetInt64(), line.GetProperty("bytesOut").GetInt64(), line.GetProperty("termination").GetString()));
    }

    [Fact]
    public void AFullQueue_DropsAndCountsLines_WithoutWaiting()
    {
        // Not started: nothing drains the queue, as with a disk that stopped.
        var writer = new AccessLogWriter(Microsoft.Extensions.Options.Options.Create(new AccessLogOptions { Format = "text", QueueCapacity = 16 }));

        for (var i = 0; i < 20; i++)
        {
            writer.Enqueue(new AccessLogRecord { AcceptedAt = DateTimeOffset.UtcNow, Client = "127.0.0.1:1", Listener = "web", Target = $"/{i}" }, "text");
        }

        Assert.Equal(4, writer.Dropped);
    }

    [Fact]
    public async Task RotatesBySize_KeepingMaxFiles()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "access.log");
        await using var backend = await BackendServer.StartAsync("b1");
        await using var gateway = await GatewayTestHost.StartAsync(TestConfigs.OneRoute(backend),
            args: ["--Gateway:AccessLog:Format=text", "--Gateway:AccessLog:MaxFileBytes=4096", "--Gateway:AccessLog:MaxFiles=2", $"--Gateway:AccessLog:Path={path}"]);

        for (var i = 0; i < 60; i++)
        {
            (await gateway.Client.GetAsync(gateway.Url("web", $"/{new string('p', 100)}/{i}"))).Dispose();
        }

        await Eventually.TrueAsync(() => File.Exists(path + ".2"), "two rotated files");
        Assert.False(File.Exists(path + ".3"));
        Assert.All(new[] { path, path + ".1", path + ".2" }, f => Assert.True(new FileInfo(f).Length <= 4096));
    }

    [Fact]
    public async Task RotatesBySize_CountingWhatTheFileHeldAtStart()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "access.log");
        var earlier = new string('x', 3999) + "\n";
        await File.WriteAllTextAsync(path, earlier);
        await using var backend = await BackendServer.StartAsync("b1");
        await using var gateway = await GatewayTestHost.StartAsync(TestConfigs.OneRoute(backend),
            args: ["--Gateway:AccessLog:Format=text", "--Gateway:AccessLog:MaxFileBytes=4096", "--Gateway:AccessLog:MaxFiles=2", $"--Gateway:AccessLog:Path={path}"]);

        // The first line would take the 4,000 bytes already there past 4,096: the old content moves to .1 untouched.
        (await gateway.Client.GetAsync(gateway.Url("web", $"/{new string('p', 100)}"))).Dispose();

        await Eventually.TrueAsync(() => File.Exists(path + ".1") && File.Exists(path) && new FileInfo(path).Length > 0, "the file rotated before the first line");
        Assert.Equal(earlier, await File.ReadAllTextAsync(path + ".1"));
        Assert.Contains("/ppp", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PerListenerOverride_TurnsTheLogOffForOneListener()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "access.log");
        await using var backend = await BackendServer.StartAsync("b1");
        var config = TestConfigs.OneRoute(backend) with { Listeners = [TestConfigs.Listener("web"), TestConfigs.Listener("quiet")] };
        await using var gateway = await GatewayTestHost.StartAsync(config,
            args: ["--Gateway:AccessLog:Format=json", "--Gateway:AccessLog:Listeners:quiet:Format=off", $"--Gateway:AccessLog:Path={path}"]);

        (await gateway.Client.GetAsync(gateway.Url("quiet", "/q"))).Dispose();
        (await gateway.Client.GetAsync(gateway.Url("web", "/w"))).Dispose();

        var lines = await AccessLines.ReadAsync(path, 1);
        await Task.Delay(200);
        lines = await AccessLines.ReadAsync(path, 1);
        Assert.Equal("/w", lines.Single().GetProperty("target").GetString());
    }
}
