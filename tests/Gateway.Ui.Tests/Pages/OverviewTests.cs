using Gateway.Admin.Store;
using Gateway.Core.Configuration;
using Gateway.Health;
using Gateway.Tests.Common;
using Gateway.Ui.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gateway.Ui.Tests.Pages;

[Collection(BrowserTests.Name)]
public class OverviewTests(BrowserFixture browser)
{
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
                HealthCheck = new() { Path = "/health", Interval = TimeSpan.FromMilliseconds(200), Timeout = TimeSpan.FromMilliseconds(150), Rise = 1, Fall = 1 },
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
