using System.Net;
using System.Text;
using Gateway.Tests.Common;

namespace Gateway.Admin.Tests.Api;

/// <summary>Every refused request answers problem+json with the reason, and stores nothing.</summary>
public sealed class ErrorPathTests : IAsyncLifetime
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
    public async Task MalformedJson_400_SaysWhere()
    {
        var revision = _host.Revision;

        using var response = await _host.SendAsync(HttpMethod.Post, "routes", ApiHost.Json("{ \"id\": \"r\", \"cluster\": "));
        var problem = await ProblemAssert.IsAsync(HttpStatusCode.BadRequest, response);

        Assert.StartsWith("Malformed JSON at line 1, position", ProblemAssert.Errors(problem).Single().Message, StringComparison.Ordinal);
        Assert.Equal(revision, _host.Revision);
    }

    [Fact]
    public async Task UnknownField_400_NamesTheField()
    {
        var revision = _host.Revision;

        using var response = await _host.SendAsync(HttpMethod.Post, "routes", ApiHost.Json("""{ "id": "r", "cluster": "backend", "clustr": "x" }"""));
        var problem = await ProblemAssert.IsAsync(HttpStatusCode.BadRequest, response);

        Assert.Equal(("$.clustr", "Unknown field 'clustr'."), ProblemAssert.Errors(problem).Single());
        Assert.Equal(revision, _host.Revision);
    }

    [Fact]
    public async Task UnknownFieldInBatchOperation_400_NamesItsPath()
    {
        using var response = await _host.SendAsync(HttpMethod.Post, "batch", ApiHost.Json("""
            { "operations": [
                { "op": "patch", "collection": "routes", "id": "all", "value": { "order": 2 } },
                { "op": "create", "collection": "clusters", "value": { "id": "c", "servers": [ { "id": "s", "address": "http://10.0.0.1/", "weigth": 3 } ] } }
            ] }
            """));
        var problem = await ProblemAssert.IsAsync(HttpStatusCode.BadRequest, response);

        Assert.Equal(("$.operations[1].value.servers[0].weigth", "Unknown field 'weigth'."), ProblemAssert.Errors(problem).Single());
        Assert.Equal(1, _host.Revision);
    }

    [Fact]
    public async Task WrongType_And_MissingRequiredField_400()
    {
        using var wrongType = await _host.SendAsync(HttpMethod.Post, "routes", ApiHost.Json("""{ "id": "r", "cluster": "backend", "order": "first" }"""));
        using var missing = await _host.SendAsync(HttpMethod.Post, "routes", ApiHost.Json("""{ "id": "r" }"""));

        var wrong = ProblemAssert.Errors(await ProblemAssert.IsAsync(HttpStatusCode.BadRequest, wrongType)).Single();
        var absent = ProblemAssert.Errors(await ProblemAssert.IsAsync(HttpStatusCode.BadRequest, missing)).Single();
        Assert.Equal("$.order", wrong.Path);
        Assert.Contains("cluster", absent.Message, StringComparison.Ordinal);
        Assert.Equal(1, _host.Revision);
    }

    [Fact]
    public async Task WrongTypeInAPatch_400_SaysWhatWasFound_NotAPositionInADocumentNeverSent()
    {
        // A merge patch is applied to the whole route before it is read: a position would count in that, not in this body.
        using var patch = await _host.SendAsync(HttpMethod.Patch, "routes/all", new StringContent("""{ "order": "first" }""", Encoding.UTF8, "application/merge-patch+json"));
        using var nested = await _host.SendAsync(HttpMethod.Patch, "clusters/backend", new StringContent("""{ "retry": { "count": true } }""", Encoding.UTF8, "application/merge-patch+json"));

        Assert.Equal(("$.order", "A value of the wrong type for this field: found the string \"first\"."),
            ProblemAssert.Errors(await ProblemAssert.IsAsync(HttpStatusCode.BadRequest, patch)).Single());
        Assert.Equal(("$.retry.count", "A value of the wrong type for this field: found true."),
            ProblemAssert.Errors(await ProblemAssert.IsAsync(HttpStatusCode.BadRequest, nested)).Single());
        Assert.Equal(1, _host.Revision);
    }

    [Fact]
    public async Task AMissingOrMistypedQueryParameter_400_SaysSo_AndWhereTheParametersAreDescribed()
    {
        using var missing = await _host.Admin.GetAsync("revisions/diff?from=1");
        using var mistyped = await _host.Admin.GetAsync("revisions?page=first");

        foreach (var (response, path) in new[] { (missing, "/api/v1/revisions/diff"), (mistyped, "/api/v1/revisions") })
        {
            var problem = await ProblemAssert.IsAsync(HttpStatusCode.BadRequest, response);
            Assert.Equal("A parameter is missing or malformed.", problem["title"]!.GetValue<string>());
            Assert.StartsWith($"GET {path} needs its parameters, each of its type", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.EndsWith("Its parameters are listed in /api/v1/openapi.json.", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task DanglingReference_422_WithPathAndMessage()
    {
        using var response = await _host.SendAsync(HttpMethod.Post, "routes", ApiHost.Json(new { id = "api", cluster = "missing", path = "/api/{**rest}" }));
        var problem = await ProblemAssert.IsAsync(HttpStatusCode.UnprocessableEntity, response);

        Assert.Equal(("routes[api].cluster", "Cluster 'missing' does not exist; create it or name one of: 'backend'."), ProblemAssert.Errors(problem).Single());
        Assert.Equal(1, _host.Revision);
        using var get = await _host.Admin.GetAsync("routes/api");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task DeletingAClusterInUse_422_NamesWhoUsesIt()
    {
        using var response = await _host.SendAsync(HttpMethod.Delete, "clusters/backend");
        var problem = await ProblemAssert.IsAsync(HttpStatusCode.UnprocessableEntity, response);

        Assert.Equal(("clusters[backend]", "Cluster \"backend\" is used by route \"all\"; change or delete it first."), ProblemAssert.Errors(problem).Single());
    }

    [Fact]
    public async Task RuleParseError_422_WithLineAndColumn()
    {
        using var response = await _host.SendAsync(HttpMethod.Put, "listeners/web/rules",
            new StringContent("acl internal src 10.0.0.0/8\nhttp-request deny if !internal { path_beg /admin\n", Encoding.UTF8, "text/plain"));
        var problem = await ProblemAssert.IsAsync(HttpStatusCode.UnprocessableEntity, response);

        var error = problem["errors"]!.AsArray().Single()!;
        Assert.Equal("listeners[web].rules", error["path"]!.GetValue<string>());
        Assert.Equal(2, error["line"]!.GetValue<int>());
        Assert.True(error["column"]!.GetValue<int>() > 1);
        Assert.Equal(1, _host.Revision);
    }

    [Fact]
    public async Task OversizedBody_413()
    {
        var huge = "{ \"id\": \"r\", \"cluster\": \"backend\", \"path\": \"/" + new string('a', 1_100_000) + "\" }";

        using var response = await _host.SendAsync(HttpMethod.Post, "routes", ApiHost.Json(huge));
        var problem = await ProblemAssert.IsAsync(HttpStatusCode.RequestEntityTooLarge, response);

        Assert.Contains("1048576 bytes", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, _host.Revision);
    }

    [Fact]
    public async Task WrongContentType_415()
    {
        using var response = await _host.SendAsync(HttpMethod.Post, "routes", new StringContent("id=r", Encoding.UTF8, "application/x-www-form-urlencoded"));

        await ProblemAssert.IsAsync(HttpStatusCode.UnsupportedMediaType, response);
    }

    [Fact]
    public async Task NoToken_401_WithChallenge()
    {
        using var anonymous = _host.Client(token: null);

        using var response = await anonymous.GetAsync("routes");
        var problem = await ProblemAssert.IsAsync(HttpStatusCode.Unauthorized, response);

        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("Authorization: Bearer", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownToken_401()
    {
        using var stranger = _host.Client("gw_not-a-token-anybody-was-ever-given-0000000");

        using var response = await stranger.GetAsync("routes");
        var problem = await ProblemAssert.IsAsync(HttpStatusCode.Unauthorized, response);

        Assert.Equal("The API token is not known.", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task RevokedToken_401_SaysRevoked()
    {
        var token = await _host.TokenAsync("ci", "editor");
        using var client = _host.Client(token);
        using var before = await client.GetAsync("routes");
        var id = (await ApiHost.ReadJsonAsync(await _host.Admin.GetAsync("tokens"))).AsArray().Last()!["id"]!.GetValue<long>();

        using var revoke = await _host.Admin.DeleteAsync($"tokens/{id}");
        using var after = await _host.SendAsync(HttpMethod.Post, "routes", ApiHost.Json(new { id = "r", cluster = "backend" }), client: client);
        var problem = await ProblemAssert.IsAsync(HttpStatusCode.Unauthorized, after);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal("The API token has been revoked; ask an admin for a new one.", problem["detail"]!.GetValue<string>());
        Assert.Equal(1, _host.Revision);
    }

    [Fact]
    public async Task ViewerWrites_403_NamingTheRoleNeeded()
    {
        var token = await _host.TokenAsync("auditor", "viewer");
        using var viewer = _host.Client(token);

        using var read = await viewer.GetAsync("routes/all");
        using var write = await _host.SendAsync(HttpMethod.Delete, "routes/all", client: viewer);
        using var tokens = await viewer.GetAsync("tokens");
        var problem = await ProblemAssert.IsAsync(HttpStatusCode.Forbidden, write);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("This needs the editor role; the token of 'auditor' has the viewer role.", problem["detail"]!.GetValue<string>());
        await ProblemAssert.IsAsync(HttpStatusCode.Forbidden, tokens);
        Assert.Equal(1, _host.Revision);
    }

    [Fact]
    public async Task EditorCannotManageTokensOrUsers_403()
    {
        var token = await _host.TokenAsync("deployer", "editor");
        using var editor = _host.Client(token);

        using var tokens = await editor.PostAsync("tokens", ApiHost.Json(new { name = "mine", role = "admin" }));
        using var users = await editor.GetAsync("users");

        await ProblemAssert.IsAsync(HttpStatusCode.Forbidden, tokens);
        await ProblemAssert.IsAsync(HttpStatusCode.Forbidden, users);
    }

    [Fact]
    public async Task UnknownEndpoint_404_Problem()
    {
        using var response = await _host.Admin.GetAsync("nothing-here");

        var problem = await ProblemAssert.IsAsync(HttpStatusCode.NotFound, response);
        Assert.Contains("openapi.json", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
