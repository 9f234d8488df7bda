using System.Net;
using System.Text.Json.Nodes;
using Gateway.Tests.Common;

namespace Gateway.Admin.Tests.Api;

/// <summary>Transactions: staged on a base revision, previewed, then committed as one revision or abandoned.</summary>
public sealed class TransactionApiTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _clock = new();
    private BackendServer _backend = null!;
    private ApiHost _host = null!;

    public async Task InitializeAsync()
    {
        _backend = await BackendServer.StartAsync("b");
        _host = await ApiHost.StartAsync(_backend, _clock);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task BeginStagePreviewCommit_CommitsOneRevision_ThatIsLive()
    {
        await using var other = await BackendServer.StartAsync("other");
        var id = await BeginAsync();

        using var staged = await _host.Admin.PostAsync($"transactions/{id}/operations", Operations(
            $$"""{ "op": "create", "collection": "clusters", "value": { "id": "other", "servers": [ { "id": "o", "address": "{{other.Url}}" } ] } }""",
            """{ "op": "patch", "collection": "routes", "id": "all", "value": { "cluster": "other" } }"""));
        var preview = await ApiHost.ReadJsonAsync(await _host.Admin.GetAsync($"transactions/{id}/preview"));
        using var proxy = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var beforeCommit = await proxy.GetAsync(_host.ListenerUrl("/x"));
        using var commit = await _host.Admin.PostAsync($"transactions/{id}/commit", ApiHost.Json(new { message = "move to other" }));
        using var afterCommit = await proxy.GetAsync(_host.ListenerUrl("/x"));
        using var gone = await _host.Admin.GetAsync($"transactions/{id}");

        Assert.Equal(2, (await ApiHost.ReadJsonAsync(staged))["operations"]!.GetValue<int>());
        Assert.True(preview["valid"]!.GetValue<bool>());
        Assert.False(preview["stale"]!.GetValue<bool>());
        Assert.Empty(preview["errors"]!.AsArray());
        Assert.Equal(["routes/all:changed", "clusters/other:added"], preview["changes"]!.AsArray().Select(c => $"{c!["collection"]}/{c["id"]}:{c["kind"]}"));
        Assert.Equal("b", beforeCommit.Headers.GetValues("X-Backend").Single());
        Assert.Equal(HttpStatusCode.OK, commit.StatusCode);
        Assert.Equal(2, (await ApiHost.ReadJsonAsync(commit))["revision"]!.GetValue<long>());
        Assert.Equal("other", afterCommit.Headers.GetValues("X-Backend").Single());
        Assert.Equal(("move to other", "admin"), (_host.Store.History()[0].Message, _host.Store.History()[0].Author));
        await ProblemAssert.IsAsync(HttpStatusCode.NotFound, gone);
    }

    [Fact]
    public async Task Abort_StoresNothing_AndTheTransactionIsGone()
    {
        var id = await BeginAsync();
        await _host.Admin.PostAsync($"transactions/{id}/operations", Operations("""{ "op": "delete", "collection": "routes", "id": "all" }"""));

        using var aborted = await _host.Admin.DeleteAsync($"transactions/{id}");
        using var commit = await _host.Admin.PostAsync($"transactions/{id}/commit", ApiHost.Json(new { message = "too late" }));

        Assert.Equal(HttpStatusCode.NoContent, aborted.StatusCode);
        await ProblemAssert.IsAsync(HttpStatusCode.NotFound, commit);
        Assert.Equal(1, _host.Revision);
        Assert.Single(_host.Store.Read().Document.Routes);
    }

    [Fact]
    public async Task IdleTransaction_ExpiresWhenTheClockPassesTheTimeout()
    {
        var id = await BeginAsync();
        _clock.Advance(TimeSpan.FromMinutes(10));
        using var stillOpen = await _host.Admin.GetAsync($"transactions/{id}");

        _clock.Advance(TimeSpan.FromMinutes(14));
        using var stillOpenAfterActivity = await _host.Admin.GetAsync($"transactions/{id}");
        _clock.Advance(TimeSpan.FromMinutes(15));
        using var expired = await _host.Admin.PostAsync($"transactions/{id}/operations", Operations("""{ "op": "delete", "collection": "routes", "id": "all" }"""));

        Assert.Equal(HttpStatusCode.OK, stillOpen.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillOpenAfterActivity.StatusCode);
        var problem = await ProblemAssert.IsAsync(HttpStatusCode.NotFound, expired);
        Assert.Contains("15 minutes without activity", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty((await ApiHost.ReadJsonAsync(await _host.Admin.GetAsync("transactions"))).AsArray());
    }

    [Fact]
    public async Task CommitAfterAConcurrentCommit_409_NamingTheCurrentRevision_StoresNothing()
    {
        var id = await BeginAsync();
        await _host.Admin.PostAsync($"transactions/{id}/operations", Operations("""{ "op": "patch", "collection": "routes", "id": "all", "value": { "order": 7 } }"""));
        using var concurrent = await _host.SendAsync(HttpMethod.Patch, "routes/all", ApiHost.Json("""{ "hosts": ["x.example"] }"""));
        var preview = await ApiHost.ReadJsonAsync(await _host.Admin.GetAsync($"transactions/{id}/preview"));

        using var commit = await _host.Admin.PostAsync($"transactions/{id}/commit", ApiHost.Json(new { message = "late" }));
        var problem = await ProblemAssert.IsAsync(HttpStatusCode.Conflict, commit);

        Assert.Equal(HttpStatusCode.OK, concurrent.StatusCode);
        Assert.True(preview["stale"]!.GetValue<bool>());
        Assert.Equal(2, preview["latestRevision"]!.GetValue<long>());
        Assert.Equal(2, problem["currentRevision"]!.GetValue<long>());
        Assert.Equal(2, _host.Revision);
        Assert.Null(_host.Store.Read().Document.Routes.Single().Order);
    }

    [Fact]
    public async Task Preview_ReportsEveryErrorWithLineAndColumn_AndCommitIsRefused()
    {
        var id = await BeginAsync();
        await _host.Admin.PostAsync($"transactions/{id}/operations", Operations(
            """{ "op": "patch", "collection": "routes", "id": "all", "value": { "cluster": "nowhere" } }""",
            """{ "op": "patch", "collection": "clusters", "id": "backend", "value": { "rules": "http-response del-header Server\nhttp-request frobnicate" } }"""));

        var preview = await ApiHost.ReadJsonAsync(await _host.Admin.GetAsync($"transactions/{id}/preview"));
        using var commit = await _host.Admin.PostAsync($"transactions/{id}/commit", ApiHost.Json(new { message = "broken" }));

        Assert.False(preview["valid"]!.GetValue<bool>());
        var errors = preview["errors"]!.AsArray();
        Assert.Equal(["clusters[backend].rules", "routes[all].cluster"], errors.Select(e => e!["path"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        var rule = errors.Single(e => e!["path"]!.GetValue<string>() == "clusters[backend].rules")!;
        Assert.Equal(2, rule["line"]!.GetValue<int>());
        Assert.NotNull(rule["column"]);
        await ProblemAssert.IsAsync(HttpStatusCode.UnprocessableEntity, commit);
        Assert.Equal(1, _host.Revision);
    }

    [Fact]
    public async Task StagingAnOperationThatCannotApply_422_AndIsNotStaged()
    {
        var id = await BeginAsync();

        using var missing = await _host.Admin.PostAsync($"transactions/{id}/operations", Operations("""{ "op": "delete", "collection": "clusters", "id": "backend" }"""));
        var info = await ApiHost.ReadJsonAsync(await _host.Admin.GetAsync($"transactions/{id}"));

        Assert.Equal("clusters[backend]", ProblemAssert.Errors(await ProblemAssert.IsAsync(HttpStatusCode.UnprocessableEntity, missing)).Single().Path);
        Assert.Equal(0, info["operations"]!.GetValue<int>());
    }

    [Fact]
    public async Task Transactions_ArePerAuthor()
    {
        var id = await BeginAsync();
        using var otherEditor = _host.Client(await _host.TokenAsync("bob", "editor"));

        using var peek = await otherEditor.GetAsync($"transactions/{id}");
        using var commit = await otherEditor.PostAsync($"transactions/{id}/commit", ApiHost.Json(new { message = "not mine" }));

        await ProblemAssert.IsAsync(HttpStatusCode.NotFound, peek);
        await ProblemAssert.IsAsync(HttpStatusCode.NotFound, commit);
        Assert.Empty((await ApiHost.ReadJsonAsync(await otherEditor.GetAsync("transactions"))).AsArray());
    }

    [Fact]
    public async Task Begin_OnARevisionThatDoesNotExist_422()
    {
        using var response = await _host.Admin.PostAsync("transactions", ApiHost.Json(new { baseRevision = 42 }));

        Assert.Equal("$.baseRevision", ProblemAssert.Errors(await ProblemAssert.IsAsync(HttpStatusCode.UnprocessableEntity, response)).Single().Path);
    }

    private async Task<string> BeginAsync()
    {
        using var begun = await _host.Admin.PostAsync("transactions", ApiHost.Json(new { baseRevision = _host.Revision }));
        Assert.Equal(HttpStatusCode.Created, begun.StatusCode);
        return (await ApiHost.ReadJsonAsync(begun))["id"]!.GetValue<string>();
    }

    private static StringContent Operations(params string[] operations) =>
        ApiHost.Json($$"""{ "operations": [ {{string.Join(", ", operations)}} ] }""");
}
