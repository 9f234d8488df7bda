using Gateway.Admin.Store;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;
using Gateway.Ui.Tests.Infrastructure;
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
            [ConfigOperation.Create(new ClusterConfig { Id = "api", Servers = [new() { Id = "a", Address = backend.Url }, new() { Id = "b", Address = "http://127.0.0.1:9/", State = ServerState.Drain }] }),
             ConfigOperation.Create(new RouteConfig { Id = "all", Path = "/{**catch-all}", Cluster = "api" })],
            "admin", "api");
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });
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
        await Expect(page.GetByText("drain")).ToBeVisibleAsync();
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
