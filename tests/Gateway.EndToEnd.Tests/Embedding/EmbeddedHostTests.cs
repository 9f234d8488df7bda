using System.Net;
using EmbeddedHost;
using Gateway.Listeners;
using Gateway.Tests.Common;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.EndToEnd.Tests.Embedding;

public class EmbeddedHostTests
{
    [Fact]
    public async Task ExistingApp_AddsGateway_AndKeepsItsOwnEndpoints()
    {
        using var root = new TempDirectory();
        await using var backend = await BackendServer.StartAsync("b1");
        await File.WriteAllTextAsync(root.File("appsettings.json"), $$"""
            {
              "Gateway": {
                "Listeners": { "edge": { "Address": "127.0.0.1:0" } },
                "Routes": { "all": { "Path": "/{**catch-all}", "Cluster": "backend" } },
                "Clusters": { "backend": { "Servers": { "s1": { "Address": "{{backend.Url}}" } } } }
              }
            }
            """);
        await using var app = EmbeddedApp.Build(["--contentRoot", root.Path, "--urls", "http://127.0.0.1:0"]);
        await app.StartAsync();
        using var client = new HttpClient();
        var edge = app.Services.GetRequiredService<IGatewayListeners>().GetUrl("edge");
        var own = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a)).Single(a => a.Port != edge.Port);

        var hello = await client.GetStringAsync(new Uri(own, "/hello"));
        using var proxied = await client.GetAsync(new Uri(edge, "/hello"));

        Assert.Contains("Hello from the host app", hello, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, proxied.StatusCode);
        Assert.Equal("b1", proxied.Headers.GetValues("X-Backend").Single());
        await app.StopAsync();
    }

    [Fact]
    public async Task EditingAppsettings_SwapsRoutesWithoutRestart_AndRejectsInvalidEdits()
    {
        using var root = new TempDirectory();
        await using var a = await BackendServer.StartAsync("a");
        await using var b = await BackendServer.StartAsync("b");
        var settingsFile = root.File("appsettings.json");
        await File.WriteAllTextAsync(settingsFile, Settings(a.Url, "/{**catch-all}"));
        var logs = new LogCapture();
        await using var app = EmbeddedApp.Build(["--contentRoot", root.Path, "--urls", "http://127.0.0.1:0"]);
        app.Services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>().AddProvider(logs);
        await app.StartAsync();
        using var client = new HttpClient();
        var edge = new Uri(app.Services.GetRequiredService<IGatewayListeners>().GetUrl("edge"), "/");
        var snapshots = app.Services.GetRequiredService<Gateway.Model.IGatewaySnapshotAccessor>();

        await File.WriteAllTextAsync(settingsFile, Settings(b.Url, "/{**catch-all}"));
        await Eventually.TrueAsync(() => snapshots.Current.Config.Clusters[0].Servers[0].Address == b.Url, "the edited appsettings.json is applied");
        using var afterEdit = await client.GetAsync(edge);
        var applied = snapshots.Current;

        await File.WriteAllTextAsync(settingsFile, Settings(b.Url, "no-leading-slash"));
        await Eventually.TrueAsync(() => logs.Entries.Any(e => e.EventId.Name == "ConfigRejected"), "the invalid edit is rejected");
        using var afterInvalid = await client.GetAsync(edge);

        Assert.Equal("b", afterEdit.Headers.GetValues("X-Backend").Single());
        Assert.Same(applied, snapshots.Current);
        Assert.Equal("b", afterInvalid.Headers.GetValues("X-Backend").Single());
        Assert.Contains("routes[all].path", logs.Entries.First(e => e.EventId.Name == "ConfigRejected").Message, StringComparison.Ordinal);
        await app.StopAsync();
    }

    private static string Settings(string backendUrl, string path) => $$"""
        {
          "Gateway": {
            "Listeners": { "edge": { "Address": "127.0.0.1:0" } },
            "Routes": { "all": { "Path": "{{path}}", "Cluster": "backend" } },
            "Clusters": { "backend": { "Servers": { "s1": { "Address": "{{backendUrl}}" } } } }
          }
        }
        """;
}
