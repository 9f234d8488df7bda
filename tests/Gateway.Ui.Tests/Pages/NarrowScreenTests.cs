using Gateway.Admin.Store;
using Gateway.Admin.Store.Accounts;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;
using Gateway.Ui.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Gateway.Ui.Tests.Pages;

/// <summary>On a phone: nothing sticks out of the page sideways except inside the tables' scroll regions, which the keyboard can reach and scroll.</summary>
[Collection(BrowserTests.Name)]
public class NarrowScreenTests(BrowserFixture browser)
{
    private const string Scrollable = "[role=region][tabindex='0']";

    private static readonly string[] ListPages = ["", "listeners", "routes", "clusters", "clusters/storefront", "certificates", "tokens", "users", "history"];

    // Elements whose right edge is past the viewport, other than those inside a scroll region.
    private const string OverflowingScript = """
        (scrollable) => {
          const width = document.documentElement.clientWidth;
          const outside = [...document.body.querySelectorAll('*')].filter((element) => {
            const rect = element.getBoundingClientRect();
            return rect.width > 0 && rect.right > width + 1 && !element.parentElement.closest(scrollable);
          });
          const page = document.documentElement.scrollWidth > width ? [`the page is ${document.documentElement.scrollWidth}px wide`] : [];
          return page.concat(outside.map((e) => `${e.tagName.toLowerCase()}.${e.className} "${e.textContent.trim().slice(0, 40)}"`));
        }
        """;

    [Fact]
    public async Task ListPages_AtPhoneWidth_OverflowOnlyInsideScrollRegions_WhichTheKeyboardReachesAndScrolls()
    {
        await using var host = await AdminUiHost.StartAsync();
        await SeedAsync(host);
        var page = await host.SignInAsync(browser.Browser);
        await page.SetViewportSizeAsync(390, 844);

        foreach (var path in ListPages)
        {
            await page.GotoAsync(path);
            var overflowing = await page.EvaluateAsync<string[]>(OverflowingScript, Scrollable);
            Assert.True(overflowing.Length == 0, $"{path} at 390px: {string.Join("; ", overflowing)}");

            Assert.True(await page.Locator(Scrollable).CountAsync() > 0, $"{path} has a scroll region the keyboard can focus");
            var region = page.Locator(Scrollable).First;
            Assert.True(await TabUntilFocusedAsync(page, region), $"Tab reaches the table's scroll region on {path}");
            if (path == "clusters")
            {
                Assert.True(await region.EvaluateAsync<bool>("e => e.scrollWidth > e.clientWidth"), "the clusters table is wider than the phone");
                await page.Keyboard.PressAsync("ArrowRight");
                await page.WaitForFunctionAsync("e => e.scrollLeft > 0", await region.ElementHandleAsync(), new() { Timeout = 5_000 });
                await Screenshots.SaveAsync(page, "clusters-narrow");
            }
        }
    }

    private static async Task<bool> TabUntilFocusedAsync(IPage page, ILocator target)
    {
        for (var presses = 0; presses < 100; presses++)
        {
            if (await target.EvaluateAsync<bool>("e => e === document.activeElement"))
            {
                return true;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        return false;
    }

    /// <summary>Entities with long names and addresses, so the tables are wider than a phone.</summary>
    private static async Task SeedAsync(AdminUiHost host)
    {
        var site = TestCertificates.Create("storefront-certificate", "shop.example.com", "www.shop.example.com", "checkout.shop.example.com");
        var cluster = new ClusterConfig
        {
            Id = "storefront",
            Servers = [new() { Id = "storefront-backend-01", Address = "http://storefront-backend-01.internal.example:8080/" }, new() { Id = "storefront-backend-02", Address = "http://storefront-backend-02.internal.example:8080/", Backup = true }],
        };
        var route = new RouteConfig { Id = "storefront-checkout", Hosts = ["shop.example.com", "www.shop.example.com"], Path = "/checkout/{**rest}", Methods = ["GET", "POST"], Cluster = "storefront" };
        var committed = await host.Store.CommitAsync(host.Store.Read().Revision,
            [ConfigOperation.Create(site.Config), ConfigOperation.Create(cluster), ConfigOperation.Create(route)], "admin", "a storefront with long names, to see the tables scroll on a phone");
        Assert.True(committed.Succeeded, string.Join("; ", committed.Errors.Select(e => e.Message)));
        await host.CreateUserAsync("a-user-with-a-rather-long-name", "long-name-password-1234", AdminRole.Editor);
        var token = await host.Accounts.CreateTokenAsync("admin", "deployment pipeline of the storefront", AdminRole.Editor, null);
        Assert.True(token.Succeeded);
    }
}
