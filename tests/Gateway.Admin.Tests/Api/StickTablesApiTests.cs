using System.Net;
using System.Text;
using Gateway.Tests.Common;

namespace Gateway.Admin.Tests.Api;

/// <summary>/stick-tables: tables as entities of the document, and their live entries as runtime state.</summary>
public sealed class StickTablesApiTests : IAsyncLifetime
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

    private async Task<List<HttpStatusCode>> SendAsync(int count)
    {
        using var proxy = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            using var response = await proxy.GetAsync(_host.ListenerUrl("/x"));
            statuses.Add(response.StatusCode);
        }

        return statuses;
    }

    [Fact]
    public async Task Table_AndRules_Limit_ThenEntriesAreReadAndClearedWithoutARevision()
    {
        using var table = await _host.SendAsync(HttpMethod.Post, "stick-tables", ApiHost.Json("""{ "id": "per_ip", "type": "ip", "size": 100000, "expire": "60s", "store": ["http_req_rate(10s)", "conn_cur"] }"""));
        Assert.Equal(HttpStatusCode.Created, table.StatusCode);
        Assert.Equal("""{"id":"per_ip","size":100000,"expire":"1m","store":["http_req_rate(10s)","conn_cur"]}""", await table.Content.ReadAsStringAsync());
        using var rules = await _host.SendAsync(HttpMethod.Put, "listeners/web/rules", new StringContent(
            "http-request track-sc0 src table per_ip\nhttp-request deny deny_status 429 if { sc_http_req_rate(0) gt 5 }\n", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.OK, rules.StatusCode);

        var statuses = await SendAsync(7);
        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.TooManyRequests));

        var revision = _host.Revision;
        var entries = await ApiHost.ReadJsonAsync(await _host.Admin.GetAsync("stick-tables/per_ip/entries?by=http_req_rate&top=5"));
        Assert.Equal(1, entries["count"]!.GetValue<int>());
        Assert.Equal("127.0.0.1", entries["entries"]![0]!["key"]!.GetValue<string>());
        Assert.Equal(7, entries["entries"]![0]!["data"]!["http_req_rate(10s)"]!.GetValue<long>());
        var one = await ApiHost.ReadJsonAsync(await _host.Admin.GetAsync("stick-tables/per_ip/entries?key=127.0.0.1"));
        Assert.Single(one["entries"]!.AsArray());

        var viewer = _host.Client(await _host.TokenAsync("auditor", "viewer"));
        using var refused = await viewer.DeleteAsync("stick-tables/per_ip/entries/127.0.0.1");
        await ProblemAssert.IsAsync(HttpStatusCode.Forbidden, refused);

        using var removed = await _host.Admin.DeleteAsync("stick-tables/per_ip/entries/127.0.0.1");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal([HttpStatusCode.OK], await SendAsync(1));
        using var missing = await _host.Admin.DeleteAsync("stick-tables/per_ip/entries/10.9.9.9");
        await ProblemAssert.IsAsync(HttpStatusCode.NotFound, missing);
        using var cleared = await _host.Admin.DeleteAsync("stick-tables/per_ip/entries");
        Assert.Equal(1, (await ApiHost.ReadJsonAsync(cleared))["cleared"]!.GetValue<int>());

        Assert.Equal(revision, _host.Revision);
        Assert.Contains(_host.Logs.Entries, e => e.Message.Contains("removed entry 127.0.0.1 of stick table per_ip", StringComparison.Ordinal));
        Assert.Contains(_host.Logs.Entries, e => e.Message.Contains("cleared stick table per_ip (1 entries)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BadTables_AndRulesNamingNoTable_AreRefusedWithPathLineAndColumn()
    {
        using var bad = await _host.SendAsync(HttpMethod.Post, "stick-tables", ApiHost.Json("""{ "id": "t", "store": ["http_req_rate(0)", "bogus"] }"""));
        var problem = await ProblemAssert.IsAsync(HttpStatusCode.UnprocessableEntity, bad);
        var errors = ProblemAssert.Errors(problem);
        Assert.Contains(errors, e => e.Path == "stickTables[t].store[0]" && e.Message.Contains("1ms to 24d", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "stickTables[t].store[1]");

        using var rules = await _host.SendAsync(HttpMethod.Put, "listeners/web/rules", new StringContent("http-request track-sc0 src table nowhere\n", Encoding.UTF8, "text/plain"));
        var rulesProblem = await ProblemAssert.IsAsync(HttpStatusCode.UnprocessableEntity, rules);
        var error = rulesProblem["errors"]![0]!;
        Assert.Equal((1, 34), (error["line"]!.GetValue<int>(), error["column"]!.GetValue<int>()));
        Assert.Equal(1, _host.Revision);

        using var entries = await _host.Admin.GetAsync("stick-tables/nowhere/entries");
        await ProblemAssert.IsAsync(HttpStatusCode.NotFound, entries);
    }
}
