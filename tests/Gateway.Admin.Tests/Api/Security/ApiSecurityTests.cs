using System.Net;
using Gateway.Admin.Store.Accounts;
using Gateway.Admin.Tests.Api;
using Gateway.Tests.Common;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Admin.Tests.Api.Security;

/// <summary>Who may use the admin API, how the first token comes to be, and what repeated failures cost.</summary>
public class ApiSecurityTests
{
    [Fact]
    public async Task BootstrapToken_FromConfiguration_IsAnAdminToken_AndIsNeverPrinted()
    {
        await using var host = await ApiHost.StartAsync();

        var users = await ApiHost.ReadJsonAsync(await host.Admin.GetAsync("users"));
        var tokens = await ApiHost.ReadJsonAsync(await host.Admin.GetAsync("tokens"));

        Assert.Equal([("admin", "admin")], users.AsArray().Select(u => (u!["name"]!.GetValue<string>(), u["role"]!.GetValue<string>())));
        Assert.Equal("bootstrap", tokens[0]!["name"]!.GetValue<string>());
        Assert.DoesNotContain(ApiHost.AdminToken, tokens.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("gw_", host.Banner, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutBootstrapToken_FirstStartPrintsAGeneratedTokenOnce_LaterStartsDoNot()
    {
        using var root = new TempDirectory();
        string token;
        await using (var first = await ApiHost.StartAsync(root: root.Path, bootstrapToken: false))
        {
            var banner = first.Banner;
            token = banner.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).First(w => w.StartsWith("gw_", StringComparison.Ordinal));
            Assert.Contains("shown only now", banner, StringComparison.Ordinal);
            Assert.DoesNotContain(token, first.Banner, StringComparison.Ordinal);
        }

        await using var second = await ApiHost.StartAsync(root: root.Path, bootstrapToken: false);
        using var client = second.Client(token);
        using var status = await client.GetAsync("status");

        Assert.DoesNotContain("gw_", second.Banner, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.DoesNotContain(second.Logs.Entries, e => e.Message.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task MalformedBootstrapToken_StopsTheStartWithTheReason()
    {
        using var root = new TempDirectory();

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => ApiHost.StartAsync(root: root.Path, bootstrapToken: false, args: "--Gateway:Admin:BootstrapToken=hunter2"));

        Assert.Contains("Gateway:Admin:BootstrapToken is not usable", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RepeatedFailures_FromOneAddress_Get429_EvenForAValidToken()
    {
        await using var host = await ApiHost.StartAsync(args: "--Gateway:Admin:AuthFailureLimit=3");
        using var guesser = host.Client("gw_guess-guess-guess-guess-guess-guess-guess");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var attempt = await guesser.GetAsync("status");
            statuses.Add(attempt.StatusCode);
        }

        using var valid = await host.Admin.GetAsync("status");
        var problem = await ProblemAssert.IsAsync(HttpStatusCode.TooManyRequests, valid);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal("60", valid.Headers.GetValues("Retry-After").Single());
        Assert.Contains("too many invalid tokens", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpiredToken_401_SaysExpired()
    {
        var clock = new ManualTimeProvider();
        await using var host = await ApiHost.StartAsync(clock: clock);
        var token = await host.TokenAsync("temp", "viewer", expires: clock.GetUtcNow().AddHours(1));
        using var client = host.Client(token);
        using var before = await client.GetAsync("status");

        clock.Advance(TimeSpan.FromHours(2));
        using var after = await client.GetAsync("status");
        var problem = await ProblemAssert.IsAsync(HttpStatusCode.Unauthorized, after);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal("The API token has expired; ask an admin for a new one.", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task RevisionsAreAuthoredByTheTokensOwner()
    {
        await using var backend = await BackendServer.StartAsync("b");
        await using var host = await ApiHost.StartAsync(backend);
        using var ci = host.Client(await host.TokenAsync("ci-pipeline", "editor"));

        using var response = await host.SendAsync(HttpMethod.Patch, "routes/all", ApiHost.Json("""{ "order": 1 }"""), client: ci);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ci-pipeline", host.Store.History()[0].Author);
    }

    [Fact]
    public async Task CreatedToken_IsShownOnce_ListedByPrefix_AndCannotOutrankItsOwner()
    {
        await using var host = await ApiHost.StartAsync();
        await host.Admin.PostAsync("users", ApiHost.Json(new { name = "carol", password = "a long enough password", role = "viewer" }));

        using var created = await host.Admin.PostAsync("tokens", ApiHost.Json(new { name = "reports", role = "viewer", owner = "carol" }));
        using var tooHigh = await host.Admin.PostAsync("tokens", ApiHost.Json(new { name = "sneaky", role = "admin", owner = "carol" }));
        using var badRole = await host.Admin.PostAsync("tokens", ApiHost.Json(new { name = "odd", role = "root" }));
        var token = await ApiHost.ReadJsonAsync(created);
        var listed = (await ApiHost.ReadJsonAsync(await host.Admin.GetAsync("tokens"))).AsArray().Last()!;

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("no-store", created.Headers.CacheControl?.ToString());
        Assert.StartsWith(listed["prefix"]!.GetValue<string>(), token["token"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(listed["token"]);
        Assert.Equal("tokens[sneaky].role", ProblemAssert.Errors(await ProblemAssert.IsAsync(HttpStatusCode.UnprocessableEntity, tooHigh)).Single().Path);
        Assert.Equal("$.role", ProblemAssert.Errors(await ProblemAssert.IsAsync(HttpStatusCode.BadRequest, badRole)).Single().Path);
    }

    [Fact]
    public async Task Users_CreateAndDelete_ButNeverTheLastAdmin()
    {
        await using var host = await ApiHost.StartAsync();

        using var created = await host.Admin.PostAsync("users", ApiHost.Json(new { name = "dave", password = "a long enough password", role = "editor" }));
        using var lastAdmin = await host.Admin.DeleteAsync("users/admin");
        using var deleted = await host.Admin.DeleteAsync("users/dave");
        using var shortPassword = await host.Admin.PostAsync("users", ApiHost.Json(new { name = "eve", password = "short", role = "viewer" }));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await ProblemAssert.IsAsync(HttpStatusCode.UnprocessableEntity, lastAdmin);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal("users[eve].password", ProblemAssert.Errors(await ProblemAssert.IsAsync(HttpStatusCode.UnprocessableEntity, shortPassword)).Single().Path);
        Assert.Equal(["admin"], (await host.Services.GetRequiredService<AdminAccounts>().UsersAsync()).Select(u => u.Name));
    }

    [Fact]
    public async Task Users_Patch_ChangesTheRole_ButNeverDemotesTheLastAdmin()
    {
        await using var host = await ApiHost.StartAsync();
        using var created = await host.Admin.PostAsync("users", ApiHost.Json(new { name = "fay", password = "a long enough password", role = "viewer" }));

        using var promoted = await host.Admin.PatchAsync("users/fay", ApiHost.Json(new { role = "editor" }));
        using var lastAdmin = await host.Admin.PatchAsync("users/admin", ApiHost.Json(new { role = "viewer" }));
        using var badRole = await host.Admin.PatchAsync("users/fay", ApiHost.Json(new { role = "owner" }));
        using var nobody = await host.Admin.PatchAsync("users/nobody", ApiHost.Json(new { role = "editor" }));

        Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
        Assert.Equal("editor", (await ApiHost.ReadJsonAsync(promoted))["role"]!.GetValue<string>());
        Assert.Equal("users[admin].role", ProblemAssert.Errors(await ProblemAssert.IsAsync(HttpStatusCode.UnprocessableEntity, lastAdmin)).Single().Path);
        await ProblemAssert.IsAsync(HttpStatusCode.BadRequest, badRole);
        await ProblemAssert.IsAsync(HttpStatusCode.NotFound, nobody);
        var roles = (await host.Services.GetRequiredService<AdminAccounts>().UsersAsync()).ToDictionary(u => u.Name, u => u.Role);
        Assert.Equal((AdminRole.Admin, AdminRole.Editor), (roles["admin"], roles["fay"]));
    }

    [Fact]
    public async Task Api_DoesNotAnswerOnGatewayListeners()
    {
        await using var host = await ApiHost.StartAsync();
        using var proxy = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, host.ListenerUrl("/api/v1/status"));
        request.Headers.Authorization = new("Bearer", ApiHost.AdminToken);

        using var response = await proxy.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("\"revision\"", body, StringComparison.Ordinal);
        Assert.NotEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
