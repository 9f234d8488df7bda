using System.Net;
using System.Text.RegularExpressions;
using Gateway.Tests.Common;
using Gateway.Ui.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gateway.Ui.Tests.Pages;

/// <summary>From an empty gateway to traffic reaching a backend, only through the admin pages; then a deletion, confirmed.</summary>
[Collection(BrowserTests.Name)]
public class ConfigurationFlowTests(BrowserFixture browser)
{
    [Fact]
    public async Task ClusterServerAndRoute_StagedThenCommitted_RouteRequestsToTheBackend_AndDeletingItStopsThem()
    {
        await using var backend = await BackendServer.StartAsync("shop-1");
        await using var host = await AdminUiHost.StartAsync();
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        var page = await host.SignInAsync(browser.Browser);

        await page.GotoAsync("clusters");
        await page.GetByRole(AriaRole.Link, new() { Name = "New cluster" }).ClickAsync();
        await page.GetByLabel("Id").FillAsync("shop");
        await page.GetByLabel("Load balancing").SelectOptionAsync("least-requests");
        await Screenshots.SaveAsync(page, "cluster-new");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stage new cluster" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Cluster shop" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Add server" }).ClickAsync();
        await page.GetByLabel("Id").FillAsync("s1");
        await page.GetByLabel("Address").FillAsync(backend.Url);
        await Screenshots.SaveAsync(page, "server-new");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stage new server" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = backend.Url })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "cluster-edit");

        await page.GotoAsync("routes/new");
        await page.GetByLabel("Id").FillAsync("shop");
        await page.GetByLabel("Cluster").SelectOptionAsync("shop");
        await page.GetByLabel("Path").FillAsync("/shop/{**rest}");
        await Screenshots.SaveAsync(page, "route-new");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stage new route" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(host.AdminUrl + "routes");
        await Expect(page.GetByText("3 staged changes")).ToBeVisibleAsync();
        await Expect(page.Locator("tr", new() { HasText = "/shop/{**rest}" }).Locator(".staged")).ToHaveTextAsync("new");
        await Screenshots.SaveAsync(page, "routes");

        using (var before = await client.GetAsync(host.ListenerUrl("web", "/shop/cart")))
        {
            Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        }

        await page.GetByLabel("Commit message").FillAsync("shop goes live");
        await page.GetByRole(AriaRole.Button, new() { Name = "Commit", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Committed revision 2");
        await Expect(page.Locator(".staged")).ToHaveCountAsync(0);

        using (var after = await client.GetAsync(host.ListenerUrl("web", "/shop/cart")))
        {
            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
            Assert.Contains("\"shop-1\"", await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(("admin", "shop goes live"), (host.Store.History()[0].Author, host.Store.History()[0].Message));

        await page.GotoAsync("routes");
        await page.Locator("a[href='routes/shop']").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Route shop" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Path")).ToHaveValueAsync("/shop/{**rest}");
        await Screenshots.SaveAsync(page, "route-edit");

        await page.GotoAsync("routes");
        await page.GetByRole(AriaRole.Link, new() { Name = "Delete route shop" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Delete route shop (/shop/{**rest} → shop)?" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "route-delete");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(host.AdminUrl + "routes");
        await page.GetByRole(AriaRole.Button, new() { Name = "Commit", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Committed revision 3");

        using var deleted = await client.GetAsync(host.ListenerUrl("web", "/shop/cart"));
        Assert.Equal(HttpStatusCode.NotFound, deleted.StatusCode);
    }
}
