using System.Net;
using System.Net.Http.Json;
using Gateway.Core.Configuration;
using Gateway.Status;
using Gateway.Tests.Common;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Backends;

public class RetryTests
{
    private static GatewayConfig ThreeServers(string first, string second, string third, Func<ClusterConfig, ClusterConfig>? change = null)
    {
        var cluster = new ClusterConfig
        {
            Id = "backend",
            Servers =
            [
                new ServerConfig { Id = "s1", Address = first },
                new ServerConfig { Id = "s2", Address = second },
                new ServerConfig { Id = "s3", Address = third },
            ],
        };
        return new GatewayConfig
        {
            Listeners = [TestConfigs.Listener()],
            Routes = [TestConfigs.Route("all", "backend")],
            Clusters = [change is null ? cluster : change(cluster)],
        };
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    [InlineData("DELETE")]
    public async Task RefusedConnect_IsSentToAnotherServer_ForAnyMethod(string method)
    {
        await using var a = await BackendServer.StartAsync("a");
        await using var b = await BackendServer.StartAsync("b");
        await using var gateway = await GatewayTestHost.StartAsync(ThreeServers(MisbehavingServer.RefusingUrl(), a.Url, b.Url));

        for (var i = 0; i < 12; i++)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), gateway.Url("web", $"/r{i}"));
            if (method == "POST")
            {
                request.Content = new StringContent($"body {i}");
            }

            using var response = await gateway.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(12, a.Requests + b.Requests);
        var status = gateway.Services.GetRequiredService<IServerStatusTable>().GetCluster("backend")!;
        var dead = status.Servers.Single(s => s.Id == "s1");
        Assert.True(dead.Forwarding.Retries >= 1, "the refused tries are counted as retried");
        Assert.Equal(dead.Forwarding.Retries, dead.Forwarding.Redispatches);
        Assert.True(dead.PassiveHealth.EjectedUntil is not null, $"{dead} {dead.PassiveHealth} {dead.Forwarding} " + string.Join("\n", gateway.Logs.Entries.Select(e => e.Message))); // three refusals in a row took it out
        Assert.False(dead.TakesNewTraffic);
        Assert.Equal(PassiveHealthConfig.DefaultConsecutiveFailures, dead.Forwarding.Failures); // once out, it is not tried again
        Assert.Contains(gateway.Logs.Entries, e => e.EventId.Name == "ServerEjected" && e.Message.Contains("s1", StringComparison.Ordinal));
        Assert.Contains(gateway.Logs.Entries, e => e.EventId.Name == "ForwardFailed" && e.Message.Contains("connection refused", StringComparison.Ordinal));
        Assert.DoesNotContain(gateway.Logs.Entries, e => e.Message.Contains("   at ", StringComparison.Ordinal)); // no stack traces
    }

    [Fact]
    public async Task RetriesOff_ARefusedConnectGets502()
    {
        await using var gateway = await GatewayTestHost.StartAsync(ThreeServers(MisbehavingServer.RefusingUrl(), MisbehavingServer.RefusingUrl(), MisbehavingServer.RefusingUrl(),
            c => c with { Retry = new RetryConfig { Count = 0 } }));

        using var response = await gateway.Client.GetAsync(gateway.Url("web", "/"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains(gateway.Logs.Entries, e => e.EventId.Name == "ForwardFailed" && e.Message.Contains("retries are off", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EveryServerRefusing_Gets502AfterTryingEachOnce()
    {
        await using var gateway = await GatewayTestHost.StartAsync(ThreeServers(MisbehavingServer.RefusingUrl(), MisbehavingServer.RefusingUrl(), MisbehavingServer.RefusingUrl()));

        using var response = await gateway.Client.GetAsync(gateway.Url("web", "/"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var cluster = gateway.Services.GetRequiredService<IServerStatusTable>().GetCluster("backend")!;
        Assert.Equal(3, cluster.Forwarding.Failures);
        Assert.Equal(2, cluster.Forwarding.Retries); // the third failure has no other server left
    }

    [Fact]
    public async Task ServerClosingAfterTheRequest_RetriesGet_ButNotPost()
    {
        await using var broken = MisbehavingServer.ClosesAfterRequest();
        await using var good = await BackendServer.StartAsync("good");
        var config = ThreeServers(broken.Url, good.Url, good.Url, c => c with
        {
            LoadBalancing = LoadBalancingNames.First, // "s1" (the broken one) first, while it is in selection
            Servers = [c.Servers[0], c.Servers[1]],
            PassiveHealth = new PassiveHealthConfig { Enabled = false },
        });
        await using var gateway = await GatewayTestHost.StartAsync(config);

        using var get = await gateway.Client.GetAsync(gateway.Url("web", "/g"));
        using var post = await gateway.Client.PostAsync(gateway.Url("web", "/p"), new StringContent("pay once"));
        using var put = await gateway.Client.PutAsync(gateway.Url("web", "/u"), new StringContent("idempotent"));

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, post.StatusCode);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode); // its body was kept and sent again
        var echo = await put.Content.ReadFromJsonAsync<EchoResponse>();
        Assert.Equal("PUT", echo!.Method);
        Assert.True(gateway.Logs.Entries.Any(e => e.EventId.Name == "ForwardFailed" && e.Message.Contains("not idempotent", StringComparison.Ordinal)), string.Join("\n", gateway.Logs.Entries.Where(e => e.EventId.Name == "ForwardFailed").Select(e => e.Message)));
    }

    [Fact]
    public async Task NonIdempotentOptIn_RetriesPostThatGotNoResponse()
    {
        await using var broken = MisbehavingServer.ClosesAfterRequest();
        await using var good = await BackendServer.StartAsync("good");
        var config = ThreeServers(broken.Url, good.Url, good.Url, c => c with
        {
            LoadBalancing = LoadBalancingNames.First,
            Servers = [c.Servers[0], c.Servers[1]],
            Retry = new RetryConfig { NonIdempotent = true },
        });
        await using var gateway = await GatewayTestHost.StartAsync(config);

        using var post = await gateway.Client.PostAsync(gateway.Url("web", "/p"), new StringContent("again"));

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
    }

    [Fact]
    public async Task BodyOverTheBufferLimit_IsNotRetriedAfterItWasSent()
    {
        await using var broken = MisbehavingServer.ClosesAfterRequest();
        await using var good = await BackendServer.StartAsync("good");
        var config = ThreeServers(broken.Url, good.Url, good.Url, c => c with
        {
            LoadBalancing = LoadBalancingNames.First,
            Servers = [c.Servers[0], c.Servers[1]],
            Retry = new RetryConfig { BufferLimit = 16 },
        });
        await using var gateway = await GatewayTestHost.StartAsync(config);

        using var put = await gateway.Client.PutAsync(gateway.Url("web", "/u"), new StringContent(new string('x', 100)));

        Assert.Equal(HttpStatusCode.BadGateway, put.StatusCode);
        Assert.Contains(gateway.Logs.Entries, e => e.EventId.Name == "ForwardFailed" && e.Message.Contains("body could not be kept", StringComparison.Ordinal));
    }
}

public class RetryLimitsTests
{
    [Fact]
    public async Task AFloodOfFailures_IsLoggedInAFewLines_WithTheCountLeftOut()
    {
        var config = new GatewayConfig
        {
            Listeners = [TestConfigs.Listener()],
            Routes = [TestConfigs.Route("all", "backend")],
            Clusters = [new ClusterConfig { Id = "backend", Retry = new RetryConfig { Count = 0 }, Servers = [new ServerConfig { Id = "dead", Address = MisbehavingServer.RefusingUrl() }] }],
        };
        await using var gateway = await GatewayTestHost.StartAsync(config);

        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 60; i++)
        {
            using var response = await gateway.Client.GetAsync(gateway.Url("web", "/"));
            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        }

        var seconds = (int)Math.Ceiling(elapsed.Elapsed.TotalSeconds);
        var lines = gateway.Logs.Entries.Where(e => e.EventId.Name == "ForwardFailed").ToList();
        Assert.InRange(lines.Count, 1, Gateway.Backends.ForwardFailureLog.LinesPerSecond * (seconds + 1));
        Assert.DoesNotContain(lines, e => e.Message.Contains("(0 similar", StringComparison.Ordinal));

        Assert.DoesNotContain(gateway.Logs.Entries, e => e.Category.StartsWith("Yarp.", StringComparison.Ordinal) && e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
    }

    [Fact]
    public async Task Backups_TakeOver_WhenEveryPrimaryIsEjected()
    {
        await using var spare = await BackendServer.StartAsync("spare");
        await using var ok = await BackendServer.StartAsync("ok");
        var config = new GatewayConfig
        {
            Listeners = [TestConfigs.Listener()],
            Routes = [TestConfigs.Route("all", "backend")],
            Clusters =
            [
                new ClusterConfig
                {
                    Id = "backend",
                    PassiveHealth = new PassiveHealthConfig { ConsecutiveFailures = 1 },
                    Servers =
                    [
                        new ServerConfig { Id = "p1", Address = MisbehavingServer.RefusingUrl() },
                        new ServerConfig { Id = "p2", Address = MisbehavingServer.RefusingUrl() },
                        new ServerConfig { Id = "spare", Address = spare.Url, Backup = true },
                    ],
                },
            ],
        };
        await using var gateway = await GatewayTestHost.StartAsync(config);

        for (var i = 0; i < 5; i++)
        {
            using var response = await gateway.Client.GetAsync(gateway.Url("web", "/"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("spare", response.Headers.GetValues("X-Backend").Single());
        }
    }

    [Fact]
    public async Task Deadline_StopsRetriesOnceItHasPassed()
    {
        await using var hung = MisbehavingServer.Hung();
        await using var good = await BackendServer.StartAsync("good");
        var config = new GatewayConfig
        {
            Listeners = [TestConfigs.Listener()],
            Routes = [TestConfigs.Route("all", "backend")],
            Clusters =
            [
                new ClusterConfig
                {
                    Id = "backend",
                    LoadBalancing = LoadBalancingNames.First,
                    ActivityTimeout = TimeSpan.FromMilliseconds(500),
                    Retry = new RetryConfig { Deadline = TimeSpan.FromMilliseconds(200) },
                    Servers = [new ServerConfig { Id = "a", Address = hung.Url }, new ServerConfig { Id = "b", Address = good.Url }],
                },
            ],
        };
        await using var gateway = await GatewayTestHost.StartAsync(config);

        using var response = await gateway.Client.GetAsync(gateway.Url("web", "/"));

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Contains(gateway.Logs.Entries, e => e.EventId.Name == "ForwardFailed" && e.Message.Contains("deadline", StringComparison.Ordinal));
        Assert.Equal(0, good.Requests);
    }
}
