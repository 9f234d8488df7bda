using Gateway.Admin.Store;
using Gateway.Core.Configuration;
using Gateway.Health;
using Gateway.Listeners;
using Gateway.Tests.Common;
using Gateway.Ui.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Gateway.Status;
using static Microsoft.Playwright.Assertions;

namespace Gateway.Ui.Tests.Pages;

[Collection(BrowserTests.Name)]
public class OverviewTests(BrowserFixture browser)
{
    // Quick to follow a server's state, but one slow check on a busy machine does not take a live server down (with a
    // 150 ms timeout and a fall of 1 it could, and the requests through the listener then had no server).
    private static readonly HealthCheckConfig QuickCheck = new() { Path = "/health", Interval = TimeSpan.FromMilliseconds(500), Timeout = TimeSpan.FromMilliseconds(500), Rise = 1, Fall = 2 };

    [Fact]
    public async Task Overview_ShowsWhatRuns_AndItsScriptRefreshesTheCountersWithoutAReload()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        await using var host = await AdminUiHost.StartAsync();
        var live = host.Store.Read();
        await host.Store.CommitAsync(live.Revision,
            [ConfigOperation.Create(new ClusterConfig
            {
                Id = "api",
                Servers = [new() { Id = "a", Address = backend.Url, Weight = 3 }, new() { Id = "b", Address = "http://127.0.0.1:9/", State = ServerState.Drain, Backup = true }],
                HealthCheck = QuickCheck,
            }),
             ConfigOperation.Create(new RouteConfig { Id = "all", Path = "/{**catch-all}", Cluster = "api" })],
            "admin", "api");
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        var status = host.Services.GetRequiredService<IServerStatusTable>();
        await Eventually.TrueAsync(() => status.GetHealth("api", "a").Status == ServerHealthStatus.Up && status.GetHealth("api", "b").Status == ServerHealthStatus.Down, "the health checks ran");
        var page = await host.SignInAsync(browser.Browser);

        await page.GotoAsync("");
        await Expect(page.GetByText("Configuration revision 2 is in force")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = host.ListenerUrl("web").ToString() })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-stat='route:all:requests']")).ToHaveTextAsync("0");
        for (var i = 0; i < 3; i++)
        {
            (await client.GetAsync(host.ListenerUrl("web", "/orders"))).EnsureSuccessStatusCode();
        }

        await Expect(page.Locator("[data-stat='route:all:requests']")).ToHaveTextAsync("3");
        await Expect(page.Locator("[data-stat='cluster:api:requests']")).ToHaveTextAsync("3");
        await Expect(page.Locator("[data-stat='route:all:requestRate']")).Not.ToHaveTextAsync("–");
        var servers = page.Locator("td", new() { HasText = "weight 3" });
        await Expect(servers).ToContainTextAsync("a " + backend.Url + " ready up · weight 3");
        await Expect(servers).ToContainTextAsync("b http://127.0.0.1:9/ drain down · weight 1 · backup · no new traffic");
        await Screenshots.SaveAsync(page, "overview");
    }

    [Fact]
    public async Task Overview_UpdatesServersStateAndHealthInPlace_AndOffersAReloadOnlyWhenWhatItListsChanges()
    {
        var backend = await BackendServer.StartAsync("a");
        var backendStopped = false;
        try
        {
            await using var host = await AdminUiHost.StartAsync();
            var api = new ClusterConfig
            {
                Id = "api",
                Servers = [new() { Id = "a", Address = backend.Url }],
                HealthCheck = QuickCheck,
            };
            await CommitAsync(host, ConfigOperation.Create(api), ConfigOperation.Create(new RouteConfig { Id = "all", Path = "/{**catch-all}", Cluster = "api" }));
            var status = host.Services.GetRequiredService<IServerStatusTable>();
            await Eventually.TrueAsync(() => status.GetHealth("api", "a").Status == ServerHealthStatus.Up, "the health check passed");
            var page = await host.SignInAsync(browser.Browser);
            await page.GotoAsync("");
            await page.EvaluateAsync("() => window.loadedOnce = true");
            var state = page.Locator("[data-stat='server:api/a:state']");
            var health = page.Locator("[data-stat='server:api/a:health']");
            var notice = page.GetByText("The configuration has changed since this page was loaded.");
            await Expect(state).ToHaveTextAsync("ready");
            await Expect(health).ToHaveTextAsync("up");

            await CommitAsync(host, ConfigOperation.Update(api with { Servers = [api.Servers[0] with { State = ServerState.Drain }] }));
            await Expect(state).ToHaveTextAsync("drain");
            await Expect(state).ToHaveClassAsync("state-drain");
            await Expect(page.Locator("[data-stat='server:api/a:detail']")).ToHaveTextAsync("· weight 1 · no new traffic");
            await Expect(page.Locator("[data-stat='version']")).ToHaveTextAsync("revision 3");

            await backend.DisposeAsync();
            backendStopped = true;
            await Expect(health).ToHaveTextAsync("down");
            await Expect(health).ToHaveClassAsync("health-down");
            await Expect(health).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("^Last failed check: "));
            await Expect(notice).ToBeHiddenAsync();

            await CommitAsync(host, ConfigOperation.Create(new RouteConfig { Id = "more", Path = "/more/{**rest}", Cluster = "api" }));
            await Expect(notice).ToBeVisibleAsync();
            Assert.True(await page.EvaluateAsync<bool>("() => window.loadedOnce === true"), "the page was not reloaded");

            // What the script wrote is what the page draws when loaded afresh.
            var server = state.Locator("xpath=..");
            var refreshed = await server.InnerTextAsync();
            await page.ReloadAsync();
            await Expect(server).ToHaveTextAsync(refreshed);
            await Expect(notice).ToBeHiddenAsync();
        }
        finally
        {
            if (!backendStopped)
            {
                await backend.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Overview_UpdatesTcpListenersAndServersCountersInPlace()
    {
        await using var backend = await BackendServer.StartAsync("raw-app");
        await using var host = await AdminUiHost.StartAsync();
        await CommitAsync(host,
            ConfigOperation.Create(new ClusterConfig { Id = "raw", Servers = [new() { Id = "app", Address = $"tcp://127.0.0.1:{new Uri(backend.Url).Port}" }] }),
            ConfigOperation.Create(new ListenerConfig { Id = "tcp", Address = "127.0.0.1:0", Mode = ListenerMode.Tcp, DefaultCluster = "raw" }));
        var listeners = host.Services.GetRequiredService<IGatewayListeners>();
        await Eventually.TrueAsync(() => listeners.All.Any(l => l.Id == "tcp" && l.State == ListenerState.Bound), "the TCP listener is bound");
        var page = await host.SignInAsync(browser.Browser);
        await page.GotoAsync("");
        await page.EvaluateAsync("() => window.loadedOnce = true");
        var connections = page.Locator("[data-stat='tcp-listener:tcp:connections']");
        await Expect(connections).ToHaveTextAsync("0");

        using (var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }))
        {
            Assert.Contains("raw-app", await client.GetStringAsync(new Uri(listeners.GetUrl("tcp"), "/through-tcp")), StringComparison.Ordinal);
        }

        await Expect(connections).ToHaveTextAsync("1");
        await Expect(page.Locator("[data-stat='tcp-server:raw/app:connections']")).ToHaveTextAsync("1");
        await Expect(page.Locator("[data-stat='tcp-listener:tcp:bytesIn']")).Not.ToHaveTextAsync("0");
        Assert.True(await page.EvaluateAsync<bool>("() => window.loadedOnce === true"), "the page was not reloaded");
    }

    [Fact]
    public async Task Overview_IsLiveOverBlazorsCircuit_AndWithoutScriptShowsTheSameCounters()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        await using var host = await AdminUiHost.StartAsync();
        await CommitAsync(host,
            ConfigOperation.Create(new ClusterConfig { Id = "api", Servers = [new() { Id = "a", Address = backend.Url }] }),
            ConfigOperation.Create(new RouteConfig { Id = "all", Path = "/{**catch-all}", Cluster = "api" }));
        var page = await host.SignInAsync(browser.Browser);

        // The counters change through the overview's interactive server component, over Blazor's WebSocket.
        var circuit = await page.RunAndWaitForWebSocketAsync(() => page.GotoAsync(""), new() { Predicate = socket => socket.Url.Contains("/_blazor", StringComparison.Ordinal) });
        Assert.False(circuit.IsClosed);
        var requests = page.Locator("[data-stat='route:all:requests']");
        await Expect(requests).ToHaveTextAsync("0");
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        (await client.GetAsync(host.ListenerUrl("web", "/one"))).EnsureSuccessStatusCode();
        await Expect(requests).ToHaveTextAsync("1");

        // The host runs from build output in Production: Blazor's script is still served, whole.
        var script = await page.Context.APIRequest.GetAsync(host.AdminUrl + "_framework/blazor.web.js");
        Assert.Equal(200, script.Status);
        Assert.True((await script.BodyAsync()).Length > 10_000, "blazor.web.js is served empty");

        // Without script: the same page, rendered on the server, with the counts and no rates yet.
        var still = await host.SignInAsync(browser.Browser, script: false);
        await still.GotoAsync("");
        await Expect(still.Locator("[data-stat='route:all:requests']")).ToHaveTextAsync("1");
        await Expect(still.Locator("[data-stat='route:all:requestRate']")).ToHaveTextAsync("–");
        await Expect(still.GetByText("Configuration revision 2 is in force")).ToBeVisibleAsync();
    }

    private static async Task CommitAsync(AdminUiHost host, params ConfigOperation[] operations)
    {
        var result = await host.Store.CommitAsync(host.Store.Read().Revision, operations, "test", "overview test");
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
    }

    [Fact]
    public async Task Overview_AtANarrowWidth_FoldsTheMenu_WhichOpensFromTheKeyboard()
    {
        await using var host = await AdminUiHost.StartAsync();
        var page = await host.SignInAsync(browser.Browser);
        await page.SetViewportSizeAsync(390, 844);

        await page.GotoAsync("");
        var clusters = page.GetByRole(AriaRole.Link, new() { Name = "Clusters" });
        await Expect(clusters).ToBeHiddenAsync();
        await Screenshots.SaveAsync(page, "overview-narrow");
        await page.GetByText("Menu").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(clusters).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "overview-narrow-menu");
    }
}
