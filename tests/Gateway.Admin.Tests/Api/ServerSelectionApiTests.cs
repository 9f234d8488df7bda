using System.Net;
using System.Text.Json.Nodes;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;

namespace Gateway.Admin.Tests.Api;

/// <summary>Weight, backup and health checks through the admin API, and servers in the status.</summary>
public sealed class ServerSelectionApiTests : IAsyncLifetime
{
    private BackendServer _backend = null!;
    private ApiHost _host = null!;

    public async Task InitializeAsync()
    {
        _backend = await BackendServer.StartAsync("b");
        _host = await ApiHost.StartAsync(_backend);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task Servers_TakeWeightAndBackup_AndClustersAHealthCheck()
    {
        using var weighted = await _host.SendAsync(HttpMethod.Patch, "clusters/backend/servers/s1", ApiHost.Json("""{ "weight": 3 }"""));
        using var spare = await _host.SendAsync(HttpMethod.Post, "clusters/backend/servers", ApiHost.Json(new { id = "spare", address = _backend.Url, backup = true }));
        using var checkedCluster = await _host.SendAsync(HttpMethod.Patch, "clusters/backend", ApiHost.Json("""{ "healthCheck": { "path": "/health", "interval": "00:01:00", "fall": 2 } }"""));
        var exported = await _host.Admin.GetStringAsync("config");
        using var reimported = await _host.SendAsync(HttpMethod.Put, "config", ApiHost.Json(exported));

        Assert.Equal("""{"id":"s1","address":"URL","weight":3}""".Replace("URL", _backend.Url, StringComparison.Ordinal), (await ApiHost.ReadJsonAsync(weighted)).ToJsonString());
        Assert.Equal(HttpStatusCode.Created, spare.StatusCode);
        Assert.Equal("""{"path":"/health","interval":"00:01:00","fall":2}""", (await ApiHost.ReadJsonAsync(checkedCluster))["healthCheck"]!.ToJsonString());
        var cluster = _host.Store.Read().Document.Clusters.Single();
        Assert.Equal(new HealthCheckConfig { Path = "/health", Interval = TimeSpan.FromMinutes(1), Fall = 2 }, cluster.HealthCheck);
        Assert.Equal([("s1", 3, false), ("spare", 1, true)], cluster.Servers.Select(s => (s.Id, s.Weight, s.Backup)).OrderBy(s => s.Id));
        Assert.Equal(HttpStatusCode.OK, reimported.StatusCode);
        Assert.Equal(exported, await _host.Admin.GetStringAsync("config"));
    }

    [Fact]
    public async Task BadWeightOrHealthCheck_422_AtTheFieldsPath_AndChangesNothing()
    {
        var before = _host.Store.Read().Revision;
        using var heavy = await _host.SendAsync(HttpMethod.Patch, "clusters/backend/servers/s1", ApiHost.Json("""{ "weight": 300 }"""));
        using var relative = await _host.SendAsync(HttpMethod.Patch, "clusters/backend", ApiHost.Json("""{ "healthCheck": { "path": "health", "interval": "00:00:00" } }"""));
        using var wrongType = await _host.SendAsync(HttpMethod.Patch, "clusters/backend/servers/s1", ApiHost.Json("""{ "backup": "yes" }"""));

        Assert.Equal(("clusters[backend].servers[s1].weight", "The weight must be from 0 to 256; found 300. Weight 0 sends the server no new traffic."),
            ProblemAssert.Errors(await ProblemAssert.IsAsync(HttpStatusCode.UnprocessableEntity, heavy)).Single());
        Assert.Equal(["clusters[backend].healthCheck.path", "clusters[backend].healthCheck.interval"],
            ProblemAssert.Errors(await ProblemAssert.IsAsync(HttpStatusCode.UnprocessableEntity, relative)).Select(e => e.Path));
        Assert.Equal("$.backup", ProblemAssert.Errors(await ProblemAssert.IsAsync(HttpStatusCode.BadRequest, wrongType)).Single().Path);
        Assert.Equal(before, _host.Store.Read().Revision);
    }

    [Fact]
    public async Task Status_ListsEachClustersServers_WithHealthAndTraffic()
    {
        using var drained = await _host.SendAsync(HttpMethod.Post, "clusters/backend/servers", ApiHost.Json(new { id = "s2", address = _backend.Url, state = "drain", weight = 5 }));

        var status = JsonNode.Parse(await _host.Admin.GetStringAsync("status"))!;

        Assert.Equal(HttpStatusCode.Created, drained.StatusCode);
        var cluster = status["clusters"]!.AsArray().Single()!;
        Assert.Equal(("backend", "round-robin", false, 1), (cluster["id"]!.GetValue<string>(), cluster["loadBalancing"]!.GetValue<string>(), cluster["healthChecked"]!.GetValue<bool>(), cluster["availableServers"]!.GetValue<int>()));
        var servers = cluster["servers"]!.AsArray();
        Assert.Equal(
            """{"id":"s2","address":"URL","state":"drain","weight":5,"backup":false,"health":{"status":"not-checked","consecutiveSuccesses":0,"consecutiveFailures":0},"requestsInFlight":0,"takesNewTraffic":false,"forwarding":{"failures":0,"retries":0,"redispatches":0},"passiveHealth":{"consecutiveFailures":0,"ejections":0}}""".Replace("URL", _backend.Url, StringComparison.Ordinal),
            servers[1]!.ToJsonString());
        Assert.Equal(("s1", "ready", true), (servers[0]!["id"]!.GetValue<string>(), servers[0]!["state"]!.GetValue<string>(), servers[0]!["takesNewTraffic"]!.GetValue<bool>()));
        Assert.Equal("""{"failures":0,"retries":0,"redispatches":0,"unavailable":0}""", cluster["forwarding"]!.ToJsonString());
        Assert.Equal(0, cluster["queued"]!.GetValue<int>());
    }
}
