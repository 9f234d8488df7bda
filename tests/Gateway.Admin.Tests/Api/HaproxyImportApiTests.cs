using System.Net;
using System.Text;
using Gateway.Listeners;
using Gateway.Tests.Common;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Admin.Tests.Api;

/// <summary>POST /config/import/haproxy: a haproxy.cfg staged as a transaction, committed, then live.</summary>
public sealed class HaproxyImportApiTests : IAsyncLifetime
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
    public async Task Import_StagesTheConvertedDocument_ListsLinesNotConverted_AndCommitsLive()
    {
        var server = new Uri(_backend.Url);
        var cfg = $$"""
            defaults
                mode http
                option httplog
            frontend fe
                bind 127.0.0.1:0
                http-request return status 200 content-type text/plain string imported if { path /imported }
                http-request frobnicate
                default_backend app
            backend app
                server s1 127.0.0.1:{{server.Port}} check
            """;

        using var imported = await _host.Admin.PostAsync("config/import/haproxy", new StringContent(cfg, Encoding.UTF8, "text/plain"));
        var body = await ApiHost.ReadJsonAsync(imported);
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        Assert.Equal(1, _host.Revision); // staged, not committed
        Assert.Empty(body["errors"]!.AsArray());
        var notConverted = body["notConverted"]!.AsArray().Select(n => (n!["line"]!.GetValue<int>(), n["text"]!.GetValue<string>())).ToList();
        Assert.Contains((3, "option httplog"), notConverted);
        Assert.Contains((7, "http-request frobnicate"), notConverted);
        Assert.Equal("fe", body["document"]!["listeners"]![0]!["id"]!.GetValue<string>());

        var transaction = body["transaction"]!.GetValue<string>();
        using var commit = await _host.Admin.PostAsync($"transactions/{transaction}/commit", ApiHost.Json(new { message = "import haproxy.cfg" }));
        Assert.Equal(HttpStatusCode.OK, commit.StatusCode);

        var listeners = _host.Services.GetRequiredService<IGatewayListeners>();
        await Eventually.TrueAsync(() => listeners.All.Any(l => l.Id == "fe" && l.State == ListenerState.Bound), "the imported listener to bind");
        using var proxy = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        var url = listeners.GetUrl("fe");
        Assert.Equal("imported", await proxy.GetStringAsync(new Uri(url, "/imported")));
        using var forwarded = await proxy.GetAsync(new Uri(url, "/x"));
        Assert.Equal("b", forwarded.Headers.GetValues("X-Backend").Single());
    }

    [Fact]
    public async Task Import_NotText_Is415_AndNothingIsStaged()
    {
        using var response = await _host.Admin.PostAsync("config/import/haproxy", ApiHost.Json(new { frontend = "fe" }));
        await ProblemAssert.IsAsync(HttpStatusCode.UnsupportedMediaType, response);
        using var open = await _host.Admin.GetAsync("transactions");
        Assert.Empty((await ApiHost.ReadJsonAsync(open)).AsArray());
    }
}
