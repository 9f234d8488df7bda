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
}
