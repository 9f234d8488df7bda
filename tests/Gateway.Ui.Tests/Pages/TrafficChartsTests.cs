using Gateway.Admin.Store;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;
using Gateway.Ui.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gateway.Ui.Tests.Pages;

[Collection(BrowserTests.Name)]
public class TrafficChartsTests(BrowserFixture browser)
{
    [Fact]
    public async Task Overview_ChartsEachRouteClusterAndServer_MarksTheCommit_AndRedrawsAfterMoreTraffic()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        await using var host = await AdminUiHost.StartAsync();
        await CommitAsync(host,
            ConfigOperation.Create(new ClusterConfig { Id = "api", Servers = [new() { Id = "a", Address = backend.Url }] }),
            ConfigOperation.Create(new ClusterConfig { Id = "gone", Servers = [new() { Id = "dead", Address = "http://127.0.0.1:9/" }] }),
            ConfigOperation.Create(new RouteConfig { Id = "all", Path = "/{**catch-all}", Cluster = "api" }),
            ConfigOperation.Create(new RouteConfig { Id = "broken", Path = "/broken/{**rest}", Cluster = "gone" }));
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        for (var i = 0; i < 3; i++)
        {
            (await client.GetAsync(host.ListenerUrl("web", $"/orders/{i}"))).EnsureSuccessStatusCode();
        }

        Assert.True((int)(await client.GetAsync(host.ListenerUrl("web", "/broken/x"))).StatusCode >= 500);
        var page = await host.SignInAsync(browser.Browser);
        await page.GotoAsync("");

        var requests = page.Locator("[data-chart='route:all:requests']");
        await Expect(requests).ToHaveAttributeAsync("data-total", "3");
        await Expect(requests.Locator("polyline")).Not.ToHaveCountAsync(0);
        Assert.Matches(@"^\d", await requests.Locator("polyline").First.GetAttributeAsync("points") ?? "");
        await Expect(requests.Locator("[data-marker='2']")).ToHaveCountAsync(1);
        await Expect(requests.Locator("[data-marker='2'] text")).ToHaveTextAsync("r2");
        await Expect(page.Locator("[data-chart='cluster:api:requests']")).ToHaveAttributeAsync("data-total", "3");
        await Expect(page.Locator("[data-chart='server:api/a:latency']")).ToHaveAttributeAsync("data-total", "3");
        await Expect(page.Locator("[data-chart='server:api/a:latency'] polyline.secondary")).Not.ToHaveCountAsync(0);
        await Expect(page.Locator("[data-chart='route:all:serverErrors']")).ToHaveAttributeAsync("data-total", "0");
        await Expect(page.Locator("[data-chart='route:broken:serverErrors']")).ToHaveAttributeAsync("data-total", "1");
        await Expect(page.Locator("[data-chart='server:gone/dead:serverErrors']")).ToHaveAttributeAsync("data-total", "1");
        await Screenshots.SaveAsync(page, "overview-charts");

        // Live: more traffic, and another commit, show up without a reload.
        await page.EvaluateAsync("() => window.loadedOnce = true");
        for (var i = 0; i < 2; i++)
        {
            (await client.GetAsync(host.ListenerUrl("web", "/more"))).EnsureSuccessStatusCode();
        }

        await Expect(requests).ToHaveAttributeAsync("data-total", "5");
        await CommitAsync(host, ConfigOperation.Update(new ClusterConfig { Id = "api", Servers = [new() { Id = "a", Address = backend.Url, Weight = 2 }] }));
        await Expect(requests.Locator("[data-marker='3']")).ToHaveCountAsync(1);
        Assert.True(await page.EvaluateAsync<bool>("() => window.loadedOnce === true"), "the page was not reloaded");
    }

    [Fact]
    public async Task RecentRequests_ListsTheRequestJustSent_AndFiltersByStatusRouteAndClient()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        await using var host = await AdminUiHost.StartAsync();
        await CommitAsync(host,
            ConfigOperation.Create(new ClusterConfig { Id = "api", Servers = [new() { Id = "a", Address = backend.Url }] }),
            ConfigOperation.Create(new RouteConfig { Id = "all", Path = "/{**catch-all}", Cluster = "api" }));
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        (await client.GetAsync(host.ListenerUrl("web", "/just-sent?n=1"))).EnsureSuccessStatusCode();
        var page = await host.SignInAsync(browser.Browser, script: false);

        await page.GotoAsync("requests");
        var row = page.Locator("tr[data-request='/just-sent?n=1']");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("GET /just-sent?n=1");
        await Expect(row).ToContainTextAsync("200");
        await Expect(row).ToContainTextAsync("api/a");
        await Expect(row).ToContainTextAsync("revision 2");
        await Screenshots.SaveAsync(page, "recent-requests");

        // The filters are a GET form: another status class hides it, its own shows it again.
        await page.GetByLabel("Status").SelectOptionAsync("5xx");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("status=5xx"));
        await Expect(row).ToHaveCountAsync(0);
        await Expect(page.GetByText("No request matches among the last")).ToBeVisibleAsync();

        await page.GotoAsync("requests?status=2xx&route=all&client=127.0.0.1");
        await Expect(row).ToHaveCountAsync(1);
        await page.GotoAsync("requests?route=-");
        await Expect(row).ToHaveCountAsync(0);
        await page.GotoAsync("requests?client=10.9.9.9");
        await Expect(row).ToHaveCountAsync(0);

        // A status class that does not exist is a clear 400, not an empty list.
        var response = await page.GotoAsync("requests?status=7xx");
        Assert.Equal(400, response!.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("must be one of 1xx, 2xx, 3xx, 4xx, 5xx");
    }

    private static async Task CommitAsync(AdminUiHost host, params ConfigOperation[] operations)
    {
        var result = await host.Store.CommitAsync(host.Store.Read().Revision, operations, "test", "charts test");
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
    }
}
