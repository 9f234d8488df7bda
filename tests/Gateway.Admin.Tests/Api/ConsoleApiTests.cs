using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Admin.Hosting;
using Gateway.Tests.Common;

namespace Gateway.Admin.Tests.Api;

/// <summary>The API defects of issue #19: durations, rules as lines, commit messages, the simulator's listener, validation without storing.</summary>
public sealed class ConsoleApiTests : IAsyncLifetime
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

    [Theory]
    [InlineData("30", 30)]
    [InlineData("\"30\"", 30)]
    [InlineData("\"10s\"", 10)]
    [InlineData("\"1m40s\"", 100)]
    [InlineData("\"00:01:40\"", 100)]
    public async Task Durations_ANumberIsSeconds_AndEveryFormOfTheGrammarIsAccepted(string written, int seconds)
    {
        using var response = await _host.SendAsync(HttpMethod.Patch, "clusters/backend", ApiHost.Json($$"""{ "activityTimeout": {{written}} }""", "application/merge-patch+json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(seconds), _host.Store.Read().Document.Clusters.Single().ActivityTimeout);
    }

    [Fact]
    public async Task Durations_AnAbsurdValue_SaysWhatWasUnderstood()
    {
        using var response = await _host.SendAsync(HttpMethod.Patch, "clusters/backend", ApiHost.Json("""{ "activityTimeout": "30d" }""", "application/merge-patch+json"));

        var problem = await ProblemAssert.IsAsync(HttpStatusCode.UnprocessableEntity, response);
        Assert.Contains(ProblemAssert.Errors(problem), e => e.Message.Contains("found 30 days — did you mean 30s?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rules_AsAnArrayOfLines_AreAccepted()
    {
        using var response = await _host.SendAsync(HttpMethod.Patch, "routes/all", ApiHost.Json("""{ "rules": [ "acl a path /a", "http-request deny if a" ] }""", "application/merge-patch+json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("acl a path /a\nhttp-request deny if a", _host.Store.Read().Document.Routes.Single().Rules);
    }

    [Fact]
    public async Task SingleEntityWrite_CarriesTheCommitMessage()
    {
        using var response = await _host.SendAsync(HttpMethod.Patch, "routes/all?message=move%20to%20v2", ApiHost.Json("""{ "order": 2 }""", "application/merge-patch+json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("move to v2", _host.Store.History(1, 1).Single().Message);
    }

    [Fact]
    public async Task Simulate_WithoutAListener_TakesTheFirstHttpListener()
    {
        using var response = await _host.Admin.PostAsync("simulate", ApiHost.Json(new { url = "/x" }));
        var result = await ApiHost.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("forwarded", result["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task Validate_AValidDocument_StoresNothing()
    {
        var before = _host.Revision;

        using var response = await _host.Admin.PostAsync("config/validate", new StringContent(await _host.Admin.GetStringAsync("config"), Encoding.UTF8, "application/json"));
        var result = await ApiHost.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(result["valid"]!.GetValue<bool>());
        Assert.Equal(before, _host.Revision);
    }

    [Fact]
    public async Task Validate_AnInvalidDocument_ListsEveryErrorWithItsPath_AndStoresNothing()
    {
        var before = _host.Revision;
        const string Yaml = """
            listeners:
              - id: web
                address: "127.0.0.1:0"
                tarpitTimeout: 2h
            routes:
              - id: bad
                cluster: nowhere
                path: "/x/{**rest}/y"
            """;

        using var response = await _host.Admin.PostAsync("config/validate", new StringContent(Yaml, Encoding.UTF8, "application/yaml"));

        var errors = ProblemAssert.Errors(await ProblemAssert.IsAsync(HttpStatusCode.UnprocessableEntity, response));
        Assert.Contains(errors, e => e.Path == "listeners[web].tarpitTimeout" && e.Message.Contains("did you mean 2s?", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "routes[bad].cluster");
        Assert.Equal(before, _host.Revision);
    }

    [Fact]
    public async Task Validate_ATemplateOnlyTheGatewayRefuses_SaysWhy()
    {
        using var response = await _host.Admin.PostAsync("config/validate", ApiHost.Json("""
            { "listeners": [ { "id": "web", "address": "127.0.0.1:0" } ],
              "routes": [ { "id": "bad", "cluster": "c", "path": "/x/{**rest}/y" } ],
              "clusters": [ { "id": "c" } ] }
            """));

        var errors = ProblemAssert.Errors(await ProblemAssert.IsAsync(HttpStatusCode.UnprocessableEntity, response));
        Assert.Contains(errors, e => e.Path == "routes[bad].path" && e.Message.Contains("catch-all", StringComparison.Ordinal));
    }
}

/// <summary>The Gateway section after the first start: the warning names what differs, and a switch re-imports it.</summary>
public sealed class SettingsReimportTests
{
    [Fact]
    public async Task ChangedSettings_AreNamedInTheWarning_AndReimportCommitsThem()
    {
        using var root = new TempDirectory();
        await (await ApiHost.StartAsync(root: root.Path)).DisposeAsync();

        await using (var ignored = await ApiHost.StartAsync(root: root.Path, args: ["--Gateway:Listeners:web:MaxConnections=7"]))
        {
            var warning = Assert.Single(ignored.Logs.Entries, e => e.EventId.Id == 12);
            Assert.Contains("listeners[web].maxConnections", warning.Message, StringComparison.Ordinal);
            Assert.Null(ignored.Store.Read().Document.Listeners.Single().MaxConnections);
        }

        await using var reimported = await ApiHost.StartAsync(root: root.Path, args: ["--Gateway:Listeners:web:MaxConnections=7", "--Gateway:Admin:ReimportSettings=true"]);
        Assert.Equal(7, reimported.Store.Read().Document.Listeners.Single().MaxConnections);
        Assert.Equal("re-import of the Gateway settings", reimported.Store.History(1, 1).Single().Message);
    }
}

/// <summary><c>validate</c>: the standalone host's check for CI pipelines.</summary>
public sealed class ValidateCommandTests
{
    [Fact]
    public async Task ValidFile_ExitsZero_InvalidFile_ExitsTwoWithEveryErrorAndItsPath()
    {
        using var root = new TempDirectory();
        var valid = Path.Combine(root.Path, "valid.json");
        var invalid = Path.Combine(root.Path, "invalid.yaml");
        await File.WriteAllTextAsync(valid, """{ "listeners": [ { "id": "web", "address": "127.0.0.1:0" } ] }""");
        await File.WriteAllTextAsync(invalid, "routes:\n  - id: bad\n    cluster: nowhere\n    path: /x\nlisteners:\n  - id: web\n    address: \"127.0.0.1:0\"\n    idleTimeout: 30d\n");
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.Equal(0, await StandaloneHost.RunAsync(["validate", valid], output, error));
        Assert.Contains("is valid", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, await StandaloneHost.RunAsync(["validate", invalid], output, error));
        Assert.Contains("routes[bad].cluster:", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("listeners[web].idleTimeout:", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, await StandaloneHost.RunAsync(["validate", Path.Combine(root.Path, "missing.json")], output, error));
    }
}

/// <summary>
/// <c>validate</c> prints its verdict and nothing else: not the log of the throw-away host it checks with (a scratch
/// store's "Committed revision 1", a listener address "could not bind" because the real gateway holds it). Alone in
/// its collection, since it reads what reaches the process's standard output.
/// </summary>
[Collection(StandardOutputIsolation.Name)]
public sealed class ValidateCommandOutputTests
{
    [Fact]
    public async Task WhileTheGatewayHoldsTheListenersAddress_ValidatePrintsOnlyItsVerdict()
    {
        using var root = new TempDirectory();
        var file = Path.Combine(root.Path, "gateway.json");
        await File.WriteAllTextAsync(file, """{ "listeners": [ { "id": "web", "address": "127.0.0.1:0" } ] }""");
        using var running = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        running.Start();
        var taken = ((IPEndPoint)running.LocalEndpoint).Port;
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var console = new StringWriter();
        var standardOutput = Console.Out;

        int exitCode;
        Console.SetOut(console);
        try
        {
            exitCode = await StandaloneHost.RunAsync(["validate", file, $"--Gateway:Listeners:web:Address=127.0.0.1:{taken}", "--Gateway:Admin:Url=http://127.0.0.1:0"], output, error);
        }
        finally
        {
            Console.SetOut(standardOutput);
        }

        Assert.Equal(0, exitCode);
        Assert.Equal($"{file} is valid: 1 listeners, 0 routes, 0 clusters.", output.ToString().TrimEnd());
        Assert.Equal("", error.ToString());
        Assert.Equal("", console.ToString());
    }
}

/// <summary>Tests that read the process's standard output run alone: another test's host would log into it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StandardOutputIsolation
{
    public const string Name = "Standard output";
}

/// <summary>The OpenAPI document says what parameters mean and how durations are written.</summary>
public sealed class OpenApiDescriptionTests
{
    [Fact]
    public async Task Parameters_HaveDescriptions_WritesTakeAMessage_AndDurationsHaveAFormat()
    {
        await using var host = await ApiHost.StartAsync();
        using var anonymous = host.Client(token: null);

        var document = await ApiHost.ReadJsonAsync(await anonymous.GetAsync("openapi.json"));

        var undescribed = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Where(op => op.Value?["parameters"] is not null)
                .SelectMany(op => op.Value!["parameters"]!.AsArray().Where(p => p?["description"] is null).Select(p => $"{op.Key} {path.Key} {p!["name"]}")))
            .ToList();
        Assert.Empty(undescribed);
        var patchRoute = document["paths"]!["/api/v1/routes/{id}"]!["patch"]!["parameters"]!.AsArray();
        Assert.Contains(patchRoute, p => p!["name"]!.GetValue<string>() == "message");
        var cluster = document["components"]!["schemas"]!["Cluster"]!["properties"]!["activityTimeout"]!;
        Assert.Equal("gateway-duration", cluster["format"]!.GetValue<string>());
        Assert.Contains("500ms", cluster["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
