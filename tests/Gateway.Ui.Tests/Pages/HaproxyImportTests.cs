using Gateway.Admin.Store.Accounts;
using Gateway.Ui.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gateway.Ui.Tests.Pages;

[Collection(BrowserTests.Name)]
public class HaproxyImportTests(BrowserFixture browser)
{
    [Fact]
    public async Task PastedHaproxyCfg_IsStaged_ListsLinesNotConverted_AndCommits()
    {
        await using var host = await AdminUiHost.StartAsync();
        var page = await host.SignInAsync(browser.Browser);

        await page.GotoAsync("import/haproxy");
        await page.GetByLabel("Configuration").FillAsync("""
            defaults
                mode http
                option httplog
            frontend imported
                bind 127.0.0.1:0
                http-request deny if { path_beg /private }
                default_backend app
            backend app
                server s1 127.0.0.1:9 weight 3
            """);
        await page.GetByRole(AriaRole.Button, new() { Name = "Convert and stage" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Converted 1 listener(s), 1 cluster(s)");
        var notConverted = page.GetByRole(AriaRole.Table);
        await Expect(notConverted).ToContainTextAsync("option httplog");
        await Expect(notConverted).ToContainTextAsync("Logging");
        await Screenshots.SaveAsync(page, "import-haproxy");

        await page.GetByRole(AriaRole.Link, new() { Name = "Review and commit them" }).ClickAsync();
        await page.GetByLabel("Message", new() { Exact = true }).FillAsync("import haproxy.cfg");
        await page.GetByRole(AriaRole.Button, new() { Name = "Commit 1 change" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Committed as revision" })).ToBeVisibleAsync();

        var document = host.Store.Read().Document;
        Assert.Equal(["imported"], document.Listeners.Select(l => l.Id));
        Assert.Equal("http-request deny if { path_beg /private }", document.Listeners[0].Rules);
        Assert.Equal(3, document.Clusters.Single(c => c.Id == "app").Servers[0].Weight);
    }

    [Fact]
    public async Task Viewer_CannotStage()
    {
        await using var host = await AdminUiHost.StartAsync();
        await host.CreateUserAsync("vera", "viewer-password-1234", AdminRole.Viewer);
        var page = await host.SignInAsync(browser.Browser, "vera", "viewer-password-1234");
        await page.GotoAsync("import/haproxy");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Convert and stage" })).ToBeDisabledAsync();
    }
}
