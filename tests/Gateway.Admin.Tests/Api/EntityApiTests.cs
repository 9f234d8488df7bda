using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Core.Configuration;
using Gateway.Core.Serialization;
using Gateway.Tests.Common;

namespace Gateway.Admin.Tests.Api;

/// <summary>The resources read and change the document in its own shapes.</summary>
public sealed class EntityApiTests : IAsyncLifetime
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
    public async Task EntityShapes_AreTheCanonicalDocuments()
    {
        using var rules = await _host.SendAsync(HttpMethod.Put, "routes/all/rules", new StringContent("http-request set-header X-Via \"gateway\"\r\n", Encoding.UTF8, "text/plain"));
        var document = JsonNode.Parse(await _host.Admin.GetStringAsync("config"))!;
        var route = JsonNode.Parse(await _host.Admin.GetStringAsync("routes/all"))!;
        var routes = JsonNode.Parse(await _host.Admin.GetStringAsync("routes"))!;
        var cluster = JsonNode.Parse(await _host.Admin.GetStringAsync("clusters/backend"))!;

        Assert.Equal(HttpStatusCode.OK, rules.StatusCode);
        Assert.True(JsonNode.DeepEquals(document["routes"]![0], route), route.ToJsonString());
        Assert.True(JsonNode.DeepEquals(document["routes"], routes));
        Assert.True(JsonNode.DeepEquals(document["clusters"]![0], cluster));
        Assert.Equal("http-request set-header X-Via \"gateway\"", route["rules"]!.GetValue<string>());
        Assert.Null(route["hosts"]);
    }

    [Fact]
    public async Task Replace_KeepsTheId_AndLeavesOutWhatTheBodyLeavesOut()
    {
        using var patched = await _host.SendAsync(HttpMethod.Patch, "routes/all", ApiHost.Json("""{ "hosts": ["a.example"], "order": 3 }""", "application/merge-patch+json"));
        using var replaced = await _host.SendAsync(HttpMethod.Put, "routes/all", ApiHost.Json("""{ "cluster": "backend", "path": "/x/{**rest}" }"""));
        var route = await ApiHost.ReadJsonAsync(replaced);

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal(["a.example"], (await ApiHost.ReadJsonAsync(patched))["hosts"]!.AsArray().Select(h => h!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal("""{"id":"all","cluster":"backend","path":"/x/{**rest}"}""", route.ToJsonString());
    }

    [Fact]
    public async Task Patch_NullRemovesAField_AndTheIdCannotChange()
    {
        await _host.SendAsync(HttpMethod.Patch, "routes/all", ApiHost.Json("""{ "order": 3 }"""));

        using var removed = await _host.SendAsync(HttpMethod.Patch, "routes/all", ApiHost.Json("""{ "order": null }"""));
        using var renamed = await _host.SendAsync(HttpMethod.Patch, "routes/all", ApiHost.Json("""{ "id": "other" }"""));

        Assert.Null((await ApiHost.ReadJsonAsync(removed))["order"]);
        Assert.Equal("$.id", ProblemAssert.Errors(await ProblemAssert.IsAsync(HttpStatusCode.BadRequest, renamed)).Single().Path);
        Assert.Null(_host.Store.Read().Document.Routes.Single().Order);
    }

    [Fact]
    public async Task MissingEntity_404()
    {
        using var get = await _host.Admin.GetAsync("routes/nope");
        using var put = await _host.SendAsync(HttpMethod.Put, "routes/nope", ApiHost.Json("""{ "cluster": "backend" }"""));
        using var server = await _host.Admin.GetAsync("clusters/backend/servers/nope");
        using var cluster = await _host.Admin.GetAsync("clusters/nope/servers");

        Assert.Equal("There is no route with id 'nope'.", (await ProblemAssert.IsAsync(HttpStatusCode.NotFound, get))["detail"]!.GetValue<string>());
        await ProblemAssert.IsAsync(HttpStatusCode.NotFound, put);
        Assert.Equal("Cluster 'backend' has no server with id 'nope'.", (await ProblemAssert.IsAsync(HttpStatusCode.NotFound, server))["detail"]!.GetValue<string>());
        Assert.Equal("There is no cluster with id 'nope'.", (await ProblemAssert.IsAsync(HttpStatusCode.NotFound, cluster))["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Servers_AreChangedOneByOne_InTheirCluster()
    {
        using var created = await _host.SendAsync(HttpMethod.Post, "clusters/backend/servers", ApiHost.Json(new { id = "s2", address = "http://10.0.0.2:8080/" }));
        using var drained = await _host.SendAsync(HttpMethod.Patch, "clusters/backend/servers/s2", ApiHost.Json("""{ "state": "drain" }"""));
        using var badState = await _host.SendAsync(HttpMethod.Patch, "clusters/backend/servers/s2", ApiHost.Json("""{ "state": "sleepy" }"""));
        using var list = await _host.Admin.GetAsync("clusters/backend/servers");
        using var deleted = await _host.SendAsync(HttpMethod.Delete, "clusters/backend/servers/s2");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/v1/clusters/backend/servers/s2", created.Headers.Location?.ToString());
        Assert.Equal("""{"id":"s2","address":"http://10.0.0.2:8080/","state":"drain"}""", (await ApiHost.ReadJsonAsync(drained)).ToJsonString());
        Assert.Equal(("$.state", "'sleepy' is not a server state; use ready, drain or maintenance."), ProblemAssert.Errors(await ProblemAssert.IsAsync(HttpStatusCode.BadRequest, badState)).Single());
        Assert.Equal(["s1", "s2"], (await ApiHost.ReadJsonAsync(list)).AsArray().Select(s => s!["id"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(["s1"], _host.Store.Read().Document.Clusters.Single().Servers.Select(s => s.Id));
    }

    [Fact]
    public async Task Maps_AndListeners_AreResourcesToo()
    {
        using var map = await _host.SendAsync(HttpMethod.Post, "maps", ApiHost.Json("""{ "id": "hosts", "entries": [ { "key": "a.example", "value": "backend" } ] }"""));
        using var listener = await _host.SendAsync(HttpMethod.Patch, "listeners/web", ApiHost.Json("""{ "tarpitTimeout": "00:00:02" }"""));
        using var maps = await _host.Admin.GetAsync("maps");

        Assert.Equal(HttpStatusCode.Created, map.StatusCode);
        Assert.Equal(HttpStatusCode.OK, listener.StatusCode);
        Assert.Equal("hosts", (await ApiHost.ReadJsonAsync(maps))[0]!["id"]!.GetValue<string>());
        Assert.Equal(TimeSpan.FromSeconds(2), _host.Store.Read().Document.Listeners.Single().TarpitTimeout);
    }

    [Fact]
    public async Task Rules_AreTextForEditors()
    {
        const string Rules = "acl admin path_beg /admin\nhttp-request deny if admin";

        using var put = await _host.SendAsync(HttpMethod.Put, "listeners/web/rules", new StringContent(Rules + "\n", Encoding.UTF8, "text/plain"));
        using var get = await _host.Admin.GetAsync("listeners/web/rules");
        using var proxy = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var denied = await proxy.GetAsync(_host.ListenerUrl("/admin/x"));
        using var cleared = await _host.SendAsync(HttpMethod.Put, "listeners/web/rules", new StringContent("", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("text/plain", get.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Rules + "\n", await get.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal("", await cleared.Content.ReadAsStringAsync());
        Assert.Null(_host.Store.Read().Document.Listeners.Single().Rules);
    }

    [Fact]
    public async Task Config_ExportsJsonOrYaml_AndImportsYamlAsOneRevision()
    {
        using var yamlRequest = new HttpRequestMessage(HttpMethod.Get, "config");
        yamlRequest.Headers.Accept.ParseAdd("application/yaml");
        using var yaml = await _host.Admin.SendAsync(yamlRequest);
        var text = await yaml.Content.ReadAsStringAsync();
        var changed = text.Replace("/{**catch-all}", "/moved/{**rest}", StringComparison.Ordinal);

        using var imported = await _host.SendAsync(HttpMethod.Put, "config?message=from%20git", new StringContent(changed, Encoding.UTF8, "application/yaml"));
        var commit = await ApiHost.ReadJsonAsync(imported);
        var json = await _host.Admin.GetStringAsync("config");

        Assert.Equal("application/yaml", yaml.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal((2, "1 changed"), (commit["revision"]!.GetValue<long>(), commit["summary"]!.GetValue<string>()));
        Assert.Equal(CanonicalJson.Serialize(_host.Store.Read().Document), json);
        Assert.Equal("/moved/{**rest}", _host.Store.Read().Document.Routes.Single().Path);
        Assert.Equal("from git", _host.Store.History()[0].Message);
    }

    [Fact]
    public async Task Config_ImportOfAnInvalidDocument_ListsEveryError()
    {
        var document = CanonicalJson.Serialize(new GatewayConfig
        {
            Listeners = [new() { Id = "web", Address = "127.0.0.1:0" }],
            Routes = [new() { Id = "a", Cluster = "nope", Path = "/a" }, new() { Id = "b", Cluster = "nada", Path = "/b" }],
        });

        using var response = await _host.SendAsync(HttpMethod.Put, "config", ApiHost.Json(document));
        var problem = await ProblemAssert.IsAsync(HttpStatusCode.UnprocessableEntity, response);

        Assert.Equal(["routes[a].cluster", "routes[b].cluster"], ProblemAssert.Errors(problem).Select(e => e.Path));
        Assert.Equal(1, _host.Revision);
    }

    [Fact]
    public async Task Revisions_ListGetAndDiff()
    {
        await _host.SendAsync(HttpMethod.Patch, "routes/all", ApiHost.Json("""{ "hosts": ["a.example"] }"""));
        await _host.SendAsync(HttpMethod.Patch, "clusters/backend/servers/s1", ApiHost.Json("""{ "state": "drain" }"""));

        var page = await ApiHost.ReadJsonAsync(await _host.Admin.GetAsync("revisions?page=1&pageSize=2"));
        var revision = await ApiHost.ReadJsonAsync(await _host.Admin.GetAsync("revisions/3"));
        var diff = await ApiHost.ReadJsonAsync(await _host.Admin.GetAsync("revisions/diff?from=1&to=3"));
        using var missing = await _host.Admin.GetAsync("revisions/99");

        Assert.Equal([3L, 2L], page["items"]!.AsArray().Select(r => r!["number"]!.GetValue<long>()));
        Assert.Equal(("admin", "patch server s1 in cluster backend", "1 changed"), (page["items"]![0]!["author"]!.GetValue<string>(), page["items"]![0]!["message"]!.GetValue<string>(), page["items"]![0]!["summary"]!.GetValue<string>()));
        Assert.Equal(["servers[s1].state"], revision["changes"]![0]!["fields"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal("drain", revision["document"]!["clusters"]![0]!["servers"]![0]!["state"]!.GetValue<string>());
        Assert.Equal(["routes/all", "clusters/backend"], diff["changes"]!.AsArray().Select(c => $"{c!["collection"]}/{c["id"]}"));
        Assert.Contains(diff["lines"]!.AsArray(), l => l!["kind"]!.GetValue<string>() == "added" && l["text"]!.GetValue<string>().Contains("a.example", StringComparison.Ordinal));
        await ProblemAssert.IsAsync(HttpStatusCode.NotFound, missing);
    }

    [Fact]
    public async Task RevisionDiff_FoldsUnchangedLines_AndPagesTheRest()
    {
        await _host.SendAsync(HttpMethod.Patch, "routes/all", ApiHost.Json("""{ "hosts": ["a.example"] }"""));

        var folded = await ApiHost.ReadJsonAsync(await _host.Admin.GetAsync("revisions/diff?from=1&to=2&context=0"));
        var paged = await ApiHost.ReadJsonAsync(await _host.Admin.GetAsync("revisions/diff?from=1&to=2&context=0&linesPageSize=1&linesPage=2"));
        using var bad = await _host.Admin.GetAsync("revisions/diff?from=1&to=2&context=-1");

        var kinds = folded["lines"]!.AsArray().Select(l => l!["kind"]!.GetValue<string>()).ToList();
        Assert.Contains("skipped", kinds);
        Assert.DoesNotContain("unchanged", kinds);
        Assert.Equal(kinds.Count, folded["linesTotal"]!.GetValue<int>());
        Assert.Single(paged["lines"]!.AsArray());
        Assert.Equal(kinds[1], paged["lines"]![0]!["kind"]!.GetValue<string>());
        Assert.Equal(kinds.Count > 2 ? 3 : null, paged["nextLinesPage"]?.GetValue<int>());
        await ProblemAssert.IsAsync(HttpStatusCode.BadRequest, bad);
    }

    [Fact]
    public async Task Batch_CommitsEveryOperationAsOneRevision_OrNone()
    {
        using var ok = await _host.SendAsync(HttpMethod.Post, "batch", ApiHost.Json("""
            { "message": "split traffic", "operations": [
                { "op": "create", "collection": "clusters", "value": { "id": "api", "servers": [ { "id": "a1", "address": "http://10.0.0.9/" } ] } },
                { "op": "create", "collection": "routes", "value": { "id": "api", "cluster": "api", "path": "/api/{**rest}" } },
                { "op": "create", "collection": "servers", "cluster": "api", "value": { "id": "a2", "address": "http://10.0.0.10/" } },
                { "op": "patch", "collection": "routes", "id": "api", "value": { "order": 1 } }
            ] }
            """));
        using var failing = await _host.SendAsync(HttpMethod.Post, "batch", ApiHost.Json("""
            { "operations": [
                { "op": "delete", "collection": "routes", "id": "api" },
                { "op": "patch", "collection": "routes", "id": "ghost", "value": { "order": 1 } }
            ] }
            """));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal((2, "2 added"), ((await ApiHost.ReadJsonAsync(ok))["revision"]!.GetValue<long>(), (await ApiHost.ReadJsonAsync(ok))["summary"]!.GetValue<string>()));
        Assert.Equal(("routes[ghost]", "There is no route with id 'ghost' to patch."), ProblemAssert.Errors(await ProblemAssert.IsAsync(HttpStatusCode.UnprocessableEntity, failing)).Single());
        Assert.Equal(2, _host.Revision);
        var api = _host.Store.Read().Document.Routes.Single(r => r.Id == "api");
        Assert.Equal(1, api.Order);
        Assert.Equal(["a1", "a2"], _host.Store.Read().Document.Clusters.Single(c => c.Id == "api").Servers.Select(s => s.Id));
    }
}
