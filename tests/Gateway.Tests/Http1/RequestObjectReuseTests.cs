using System.Text.Json;
using Gateway.AccessLog;
using Gateway.Core.Configuration;
using Gateway.Tests.AccessLog;
using Gateway.Tests.Common;
using Gateway.Tests.Http;
using Microsoft.Extensions.DependencyInjection;
using static Gateway.Tests.Common.TestConfigs;

namespace Gateway.Tests.Http1;

/// <summary>
/// The HTTP/1.1 core reuses a request's objects (heads, rule exchange, state and session, forward host and summary) for
/// later requests: nothing a request did may show in the next one on the same client connection, and nothing recorded of
/// a request may change when the next one runs. Each case runs on both paths (the Kestrel path makes new objects per
/// request, so it is the reference).
/// </summary>
public class RequestObjectReuseTests(BackendPair backends) : IClassFixture<BackendPair>
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task VariablesHeadersAndUseBackend_OfOneRequest_AreNotSeenByTheNext_OnTheSameConnection(bool core)
    {
        var config = new GatewayConfig
        {
            Listeners =
            [
                Listener() with
                {
                    Http1Core = core,
                    Rules = """
                        http-request deny deny_status 403 if { path_beg /api/deny }
                        http-request set-var(txn.tag) str(first) if { path_beg /api/mark }
                        http-request set-header X-Tag %[var(txn.tag)] if { var(txn.tag) -m found }
                        http-response set-header X-Was-Tagged yes if { var(txn.tag) -m found }
                        """,
                },
            ],
            Routes = [Route("api", "a", "/api/{**rest}") with { Rules = "http-request use-backend b if { path_beg /api/mark }" }],
            Clusters = [Cluster("a", backends.A), Cluster("b", backends.B)],
        };
        await using var host = await GatewayTestHost.StartAsync(config);
        using var connection = new KeepAliveConnection(host.Url("web"));

        var marked = Answer.Parse(await connection.GetAsync("/api/mark"));
        Assert.Equal(200, marked.Status);
        var markedEcho = marked.Echo();
        Assert.Equal(("b", "first"), (markedEcho.Backend, markedEcho.Headers.GetValueOrDefault("X-Tag")));
        Assert.Equal("yes", Assert.Single(marked.Values("X-Was-Tagged")));

        var denied = Answer.Parse(await connection.GetAsync("/api/deny"));
        Assert.Equal(403, denied.Status);
        Assert.Empty(denied.Values("X-Was-Tagged"));

        for (var i = 0; i < 3; i++)
        {
            var plain = Answer.Parse(await connection.GetAsync($"/api/plain/{i}"));
            Assert.Equal(200, plain.Status);
            var echo = plain.Echo();
            Assert.Equal("a", echo.Backend); // the earlier use-backend is gone
            Assert.False(echo.Headers.ContainsKey("X-Tag"), "the earlier request's variable is gone");
            Assert.Empty(plain.Values("X-Was-Tagged"));
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ARetriedStickyRequest_ThenPlainOnes_OnTheSameConnection_ShowNoTraceOfTheRetry(bool core)
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "access.log");
        var config = new GatewayConfig
        {
            Listeners = [Listener() with { Http1Core = core }],
            Routes = [Route("app", "app", "/app/{**rest}"), Route("plain", "plain", "/plain/{**rest}")],
            Clusters =
            [
                new ClusterConfig
                {
                    Id = "app",
                    LoadBalancing = LoadBalancingNames.First,
                    StickyCookie = "srv",
                    Servers = [new ServerConfig { Id = "dead", Address = MisbehavingServer.RefusingUrl() }, new ServerConfig { Id = "good", Address = backends.A.Url }],
                },
                new ClusterConfig { Id = "plain", Servers = [new ServerConfig { Id = "other", Address = backends.B.Url }] },
            ],
        };
        await using var host = await GatewayTestHost.StartAsync(config, args: ["--Gateway:AccessLog:Format=json", $"--Gateway:AccessLog:Path={path}"]);
        using var connection = new KeepAliveConnection(host.Url("web"));

        var retried = Answer.Parse(await connection.GetAsync("/app/one"));
        Assert.Equal((200, "a"), (retried.Status, retried.Echo().Backend));
        Assert.Contains(retried.Values("Set-Cookie"), c => c.StartsWith("srv=", StringComparison.Ordinal));

        for (var i = 0; i < 2; i++)
        {
            var plain = Answer.Parse(await connection.GetAsync($"/plain/{i}"));
            Assert.Equal((200, "b"), (plain.Status, plain.Echo().Backend));
            Assert.Empty(plain.Values("Set-Cookie")); // the sticky cookie of the retried request's cluster is not added
        }

        var lines = await AccessLines.ReadAsync(path, 3);
        Assert.Equal(("app", "good", 1, "--"), (lines[0].GetProperty("cluster").GetString(), lines[0].GetProperty("server").GetString(), lines[0].GetProperty("retries").GetInt32(), lines[0].GetProperty("termination").GetString()));
        foreach (var line in lines.Skip(1))
        {
            Assert.Equal(("plain", "other", 0, "--", 200), (line.GetProperty("cluster").GetString(), line.GetProperty("server").GetString(), line.GetProperty("retries").GetInt32(), line.GetProperty("termination").GetString(), line.GetProperty("status").GetInt32()));
            Assert.False(line.TryGetProperty("rule", out _));
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task WhatIsRecordedOfARequest_DoesNotChange_WhenTheNextRunsOnTheSameConnection(bool core)
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "access.log");
        var config = new GatewayConfig
        {
            Listeners = [Listener() with { Http1Core = core, Rules = "http-request deny deny_status 429 if { path_beg /api/deny }" }],
            Routes = [Route("api", "a", "/api/{**rest}") with { Rules = "http-request use-backend b if { path_beg /api/to-b }" }],
            Clusters = [Cluster("a", backends.A), Cluster("b", backends.B)],
        };
        await using var host = await GatewayTestHost.StartAsync(config, args: ["--Gateway:AccessLog:Format=json", $"--Gateway:AccessLog:Path={path}"]);
        var recent = host.Services.GetRequiredService<IRecentRequests>();
        using var connection = new KeepAliveConnection(host.Url("web"));

        // A request is recorded once its answer has gone out, so the client can read the answer a moment before the record exists.
        Assert.Equal(200, Answer.Parse(await connection.GetAsync("/api/to-b?n=1")).Status);
        await Eventually.TrueAsync(() => recent.Latest().Any(r => r.Target == "/api/to-b?n=1"), "the first request recorded");
        var first = Assert.Single(recent.Latest(), r => r.Target == "/api/to-b?n=1");
        Assert.Equal(429, Answer.Parse(await connection.GetAsync("/api/deny?n=2")).Status);
        await Eventually.TrueAsync(() => recent.Latest().Any(r => r.Target == "/api/deny?n=2"), "the second request recorded");
        var second = Assert.Single(recent.Latest(), r => r.Target == "/api/deny?n=2");
        Assert.Equal(200, Answer.Parse(await connection.GetAsync("/api/x?n=3")).Status);
        await Eventually.TrueAsync(() => recent.Latest().Any(r => r.Target == "/api/x?n=3"), "the third request recorded");

        // The records of the earlier requests read the same after later requests ran on the same connection.
        var latest = recent.Latest();
        Assert.Equal(first, Assert.Single(latest, r => r.Target == "/api/to-b?n=1"));
        Assert.Equal(second, Assert.Single(latest, r => r.Target == "/api/deny?n=2"));
        Assert.Equal(("b", "b", 200), (first.Cluster, first.Server, first.Status));
        Assert.Equal((429, (string?)null, (string?)null), (second.Status, second.Cluster, second.Server));

        var lines = await AccessLines.ReadAsync(path, 3);
        Assert.Equal(("/api/to-b?n=1", "b", 200), (lines[0].GetProperty("target").GetString(), lines[0].GetProperty("cluster").GetString(), lines[0].GetProperty("status").GetInt32()));
        Assert.False(lines[0].TryGetProperty("rule", out _));
        Assert.Equal(("/api/deny?n=2", "deny", "listener web", 429), (lines[1].GetProperty("target").GetString(), lines[1].GetProperty("rule").GetString(), lines[1].GetProperty("ruleScope").GetString(), lines[1].GetProperty("status").GetInt32()));
        Assert.False(lines[1].TryGetProperty("server", out _));
        Assert.Equal(("/api/x?n=3", "a", 200), (lines[2].GetProperty("target").GetString(), lines[2].GetProperty("cluster").GetString(), lines[2].GetProperty("status").GetInt32()));
        Assert.False(lines[2].TryGetProperty("rule", out _));
    }

    /// <summary>A response read off the wire: status, field lines, and the body (de-chunked).</summary>
    private sealed record Answer(int Status, IReadOnlyList<KeyValuePair<string, string>> Fields, string Body)
    {
        public static Answer Parse(string raw)
        {
            var end = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            var lines = raw[..end].Split("\r\n");
            var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
            var fields = lines.Skip(1).Select(l => l.Split(':', 2)).Select(p => new KeyValuePair<string, string>(p[0], p[1].Trim())).ToList();
            var body = raw[(end + 4)..];
            if (fields.Any(f => f.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && f.Value.Contains("chunked", StringComparison.OrdinalIgnoreCase)))
            {
                var text = new System.Text.StringBuilder();
                var at = 0;
                while (true)
                {
                    var lineEnd = body.IndexOf("\r\n", at, StringComparison.Ordinal);
                    var size = int.Parse(body[at..lineEnd].Split(';')[0], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
                    if (size == 0)
                    {
                        break;
                    }

                    text.Append(body, lineEnd + 2, size);
                    at = lineEnd + 2 + size + 2;
                }

                body = text.ToString();
            }

            return new Answer(status, fields, body);
        }

        private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

        public IReadOnlyList<string> Values(string name) => [.. Fields.Where(f => f.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(f => f.Value)];

        public EchoResponse Echo()
        {
            var echo = JsonSerializer.Deserialize<EchoResponse>(Body, WebJson)!;
            return echo with { Headers = new(echo.Headers, StringComparer.OrdinalIgnoreCase) };
        }
    }
}
