using System.Net;
using System.Text;
using Gateway.Tests.Common;

namespace Gateway.Admin.Tests.Api;

/// <summary>The simulator explains a described request against the live configuration, an earlier revision, or an open transaction.</summary>
public sealed class SimulateApiTests : IAsyncLifetime
{
    private BackendServer _backend = null!;
    private ApiHost _host = null!;

    public async Task InitializeAsync()
    {
        _backend = await BackendServer.StartAsync("b");
        _host = await ApiHost.StartAsync(_backend);
        using var rules = await _host.SendAsync(HttpMethod.Put, "listeners/web/rules",
            new StringContent("acl admin path_beg /admin\nhttp-request deny deny_status 403 if admin", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.OK, rules.StatusCode);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task Live_ShowsTheRuleThatAnswers()
    {
        using var response = await _host.Admin.PostAsync("simulate", ApiHost.Json(new { listener = "web", url = "/admin/users", clientAddress = "203.0.113.9" }));
        var result = await ApiHost.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("live (revision 2)", "answered"), (result["target"]!.GetValue<string>(), result["outcome"]!.GetValue<string>()));
        Assert.Equal(403, result["answer"]!["status"]!.GetValue<int>());
        Assert.Contains(result["trace"]!.AsArray(), step => step!["kind"]!.GetValue<string>() == "acl" && step["subject"]!.GetValue<string>() == "admin" && step["result"]!.GetValue<bool>());
        Assert.Contains(result["trace"]!.AsArray(), step => step!["kind"]!.GetValue<string>() == "ruleFired" && step["line"]!.GetValue<int>() == 2);
    }

    [Fact]
    public async Task EarlierRevision_IsExplainedAsItWas()
    {
        using var response = await _host.Admin.PostAsync("simulate", ApiHost.Json(new { listener = "web", url = "/admin/users", revision = 1 }));
        var result = await ApiHost.ReadJsonAsync(response);

        Assert.Equal(("revision 1", "forwarded"), (result["target"]!.GetValue<string>(), result["outcome"]!.GetValue<string>()));
        Assert.Equal(("all", "backend"), (result["route"]!.GetValue<string>(), result["cluster"]!.GetValue<string>()));
        Assert.Equal("/admin/users", result["forwarded"]!["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task OpenTransaction_IsExplainedBeforeItIsCommitted()
    {
        using var begun = await _host.Admin.PostAsync("transactions", ApiHost.Json(new { }));
        var id = (await ApiHost.ReadJsonAsync(begun))["id"]!.GetValue<string>();
        await _host.Admin.PostAsync($"transactions/{id}/operations", ApiHost.Json("""
            { "operations": [
                { "op": "create", "collection": "clusters", "value": { "id": "beta", "servers": [ { "id": "b1", "address": "http://10.0.0.7/" } ] } },
                { "op": "create", "collection": "routes", "value": { "id": "beta", "cluster": "beta", "path": "/beta/{**rest}", "rules": "http-request set-header X-Beta yes" } }
            ] }
            """));

        var pending = await ApiHost.ReadJsonAsync(await _host.Admin.PostAsync("simulate", ApiHost.Json(new { listener = "web", url = "http://shop.example/beta/x", transaction = id })));
        var live = await ApiHost.ReadJsonAsync(await _host.Admin.PostAsync("simulate", ApiHost.Json(new { listener = "web", url = "http://shop.example/beta/x" })));

        Assert.Equal(("beta", "beta"), (pending["route"]!.GetValue<string>(), pending["cluster"]!.GetValue<string>()));
        Assert.Contains(pending["forwarded"]!["headers"]!.AsArray(), h => h!["name"]!.GetValue<string>() == "X-Beta" && h["value"]!.GetValue<string>() == "yes");
        Assert.Equal(["b1"], pending["servers"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal("all", live["route"]!.GetValue<string>());
        Assert.Equal(2, _host.Revision);
    }

    [Fact]
    public async Task UnknownListenerOrAddress_400_WithPaths()
    {
        using var response = await _host.Admin.PostAsync("simulate", ApiHost.Json(new { listener = "nope", clientAddress = "not-an-ip" }));

        var errors = ProblemAssert.Errors(await ProblemAssert.IsAsync(HttpStatusCode.BadRequest, response));
        Assert.Equal(["$.listener", "$.clientAddress"], errors.Select(e => e.Path));
        Assert.Equal("There is no listener 'nope' in revision 2; known: 'web'.", errors[0].Message);
    }

    [Fact]
    public async Task AUrlThatIsNeitherAPathNorAnHttpUrl_400_WithItsPath_NotA500()
    {
        foreach (var url in new[] { "admin/users", "ftp://shop.example/x", "http://[::1/x" })
        {
            using var response = await _host.Admin.PostAsync("simulate", ApiHost.Json(new { listener = "web", url }));

            var error = Assert.Single(ProblemAssert.Errors(await ProblemAssert.IsAsync(HttpStatusCode.BadRequest, response)));
            Assert.Equal("$.url", error.Path);
            Assert.Equal($"'{url}' is neither a path (starting with /) nor an http or https URL.", error.Message);
        }
    }

    [Fact]
    public async Task RevisionAndTransactionTogether_400_AndMissingOnes_404()
    {
        using var both = await _host.Admin.PostAsync("simulate", ApiHost.Json(new { listener = "web", revision = 1, transaction = "x" }));
        using var noRevision = await _host.Admin.PostAsync("simulate", ApiHost.Json(new { listener = "web", revision = 99 }));
        using var noTransaction = await _host.Admin.PostAsync("simulate", ApiHost.Json(new { listener = "web", transaction = "nope" }));

        await ProblemAssert.IsAsync(HttpStatusCode.BadRequest, both);
        await ProblemAssert.IsAsync(HttpStatusCode.NotFound, noRevision);
        await ProblemAssert.IsAsync(HttpStatusCode.NotFound, noTransaction);
    }

    [Fact]
    public async Task Viewer_CannotSimulate()
    {
        using var viewer = _host.Client(await _host.TokenAsync("auditor", "viewer"));

        using var response = await viewer.PostAsync("simulate", ApiHost.Json(new { listener = "web" }));

        await ProblemAssert.IsAsync(HttpStatusCode.Forbidden, response);
    }
}
