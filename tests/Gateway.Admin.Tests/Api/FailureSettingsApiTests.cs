using System.Net;
using System.Text.Json.Nodes;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;

namespace Gateway.Admin.Tests.Api;

/// <summary>The cluster's Host header, retries, passive health, hashing, stickiness and queue, and a server's connection limit, through the admin API.</summary>
public sealed class FailureSettingsApiTests : IAsyncLifetime
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
    public async Task ClusterAndServerSettings_AreWrittenAndReadBack_AndSurviveExportAndImport()
    {
        using var patched = await _host.SendAsync(HttpMethod.Patch, "clusters/backend", ApiHost.Json("""
            {
              "loadBalancing": "hdr(X-User)",
              "hostHeader": "server",
              "retry": { "count": 2, "onStatuses": [502, 503], "nonIdempotent": true, "deadline": "00:00:20" },
              "passiveHealth": { "consecutiveFailures": 5, "countServerErrors": true, "ejectionTime": "00:00:30" },
              "stickyCookie": "SRV",
              "maxQueue": 0,
              "queueTimeout": "00:00:02"
            }
            """));
        using var limited = await _host.SendAsync(HttpMethod.Patch, "clusters/backend/servers/s1", ApiHost.Json("""{ "maxConnections": 25 }"""));
        var read = JsonNode.Parse(await _host.Admin.GetStringAsync("clusters/backend"))!;
        var exported = await _host.Admin.GetStringAsync("config");
        using var reimported = await _host.SendAsync(HttpMethod.Put, "config", ApiHost.Json(exported));

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal("""{"count":2,"onStatuses":[502,503],"nonIdempotent":true,"deadline":"00:00:20"}""", read["retry"]!.ToJsonString());
        Assert.Equal("""{"consecutiveFailures":5,"countServerErrors":true,"ejectionTime":"00:00:30"}""", read["passiveHealth"]!.ToJsonString());
        Assert.Equal(("hdr(X-User)", "server", "SRV", 0, "00:00:02"),
            (read["loadBalancing"]!.GetValue<string>(), read["hostHeader"]!.GetValue<string>(), read["stickyCookie"]!.GetValue<string>(), read["maxQueue"]!.GetValue<int>(), read["queueTimeout"]!.GetValue<string>()));
        Assert.Equal(25, (await ApiHost.ReadJsonAsync(limited))["maxConnections"]!.GetValue<int>());
        var cluster = _host.Store.Read().Document.Clusters.Single();
        Assert.Equal(new RetryConfig { Count = 2, OnStatuses = [502, 503], NonIdempotent = true, Deadline = TimeSpan.FromSeconds(20) }, cluster.Retry);
        Assert.Equal(new PassiveHealthConfig { ConsecutiveFailures = 5, CountServerErrors = true, EjectionTime = TimeSpan.FromSeconds(30) }, cluster.PassiveHealth);
        Assert.Equal(25, cluster.Servers.Single(s => s.Id == "s1").MaxConnections);
        Assert.Equal(HttpStatusCode.OK, reimported.StatusCode);
        Assert.Equal(exported, await _host.Admin.GetStringAsync("config"));

        // A merge patch with null removes a setting: back to the defaults, and out of the document.
        using var reset = await _host.SendAsync(HttpMethod.Patch, "clusters/backend", ApiHost.Json("""{ "retry": null, "passiveHealth": { "countServerErrors": null }, "hostHeader": null }"""));
        var after = await ApiHost.ReadJsonAsync(reset);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Null(after["retry"]);
        Assert.Null(after["hostHeader"]);
        Assert.Equal("""{"consecutiveFailures":5,"ejectionTime":"00:00:30"}""", after["passiveHealth"]!.ToJsonString());
        Assert.Equal(RetryConfig.Default, _host.Store.Read().Document.Clusters.Single().Retry);
    }

    [Fact]
    public async Task BadValues_422Or400_AtTheFieldsPath_AndChangeNothing()
    {
        var before = _host.Store.Read().Revision;
        using var invalid = await _host.SendAsync(HttpMethod.Patch, "clusters/backend", ApiHost.Json("""
            {
              "hostHeader": "api.internal/v1",
              "retry": { "count": 11, "onStatuses": [200, 503], "bufferLimit": 999999999 },
              "passiveHealth": { "ejectionTime": "00:01:00", "maxEjectionTime": "00:00:10" },
              "loadBalancing": "hdr(X User)",
              "stickyCookie": "a b",
              "maxQueue": -1
            }
            """));
        using var noLimit = await _host.SendAsync(HttpMethod.Patch, "clusters/backend/servers/s1", ApiHost.Json("""{ "maxConnections": 0 }"""));
        using var unreadable = await _host.SendAsync(HttpMethod.Patch, "clusters/backend", ApiHost.Json("""{ "retry": { "deadline": "20 secs" }, "queueTimeout": "soon" }"""));
        using var unknown = await _host.SendAsync(HttpMethod.Patch, "clusters/backend", ApiHost.Json("""{ "retry": { "tries": 2 } }"""));

        Assert.Equal(
            [
                "clusters[backend].loadBalancing", "clusters[backend].hostHeader", "clusters[backend].retry.count", "clusters[backend].retry.onStatuses[0]",
                "clusters[backend].retry.bufferLimit", "clusters[backend].passiveHealth.maxEjectionTime", "clusters[backend].stickyCookie", "clusters[backend].maxQueue",
            ],
            ProblemAssert.Errors(await ProblemAssert.IsAsync(HttpStatusCode.UnprocessableEntity, invalid)).Select(e => e.Path));
        Assert.Equal(("clusters[backend].servers[s1].maxConnections", "The connection limit must be at least 1; found 0. Leave it out for no limit (to take a server out of traffic, set its state to drain or its weight to 0)."),
            ProblemAssert.Errors(await ProblemAssert.IsAsync(HttpStatusCode.UnprocessableEntity, noLimit)).Single());
        Assert.Equal(["$.retry.deadline", "$.queueTimeout"], ProblemAssert.Errors(await ProblemAssert.IsAsync(HttpStatusCode.BadRequest, unreadable)).Select(e => e.Path));
        Assert.Equal("$.retry.tries", ProblemAssert.Errors(await ProblemAssert.IsAsync(HttpStatusCode.BadRequest, unknown)).Single().Path);
        Assert.Equal(before, _host.Store.Read().Revision);
    }

    [Fact]
    public async Task OpenApi_DescribesTheNewFields()
    {
        var document = await ApiHost.ReadJsonAsync(await _host.Client(token: null).GetAsync("openapi.json"));
        var schemas = document["components"]!["schemas"]!;

        var cluster = schemas["Cluster"]!["properties"]!;
        foreach (var field in new[] { "hostHeader", "retry", "passiveHealth", "stickyCookie", "maxQueue", "queueTimeout" })
        {
            Assert.True(cluster[field] is not null, $"Cluster.{field} is missing");
        }

        Assert.NotNull(schemas["Server"]!["properties"]!["maxConnections"]);
        Assert.Equal(["count", "redispatch", "onStatuses", "nonIdempotent", "bufferLimit", "deadline"], schemas["Retry"]!["properties"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["enabled", "consecutiveFailures", "countServerErrors", "ejectionTime", "maxEjectionTime"], schemas["PassiveHealth"]!["properties"]!.AsObject().Select(p => p.Key));
        Assert.Contains("retries", Describe(schemas, "Retry", "count"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("client", Describe(schemas, "Cluster", "hostHeader"), StringComparison.Ordinal);
    }

    private static string Describe(JsonNode schemas, string schema, string property) =>
        schemas[schema]!["properties"]![property]!["description"]?.GetValue<string>() ?? schemas[schema]!.ToJsonString();
}
