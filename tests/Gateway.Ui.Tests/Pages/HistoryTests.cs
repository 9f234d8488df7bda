using System.Text.RegularExpressions;
using Gateway.Admin.Store;
using Gateway.Core.Configuration;
using Gateway.Ui.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gateway.Ui.Tests.Pages;

[Collection(BrowserTests.Name)]
public class HistoryTests(BrowserFixture browser)
{
    [Fact]
    public async Task Compare_InTheUnifiedLayout_ShowsOneColumnOfLinesMarkedAddedAndRemoved()
    {
        await using var host = await AdminUiHost.StartAsync();
        var created = await host.Store.CommitAsync(host.Store.Read().Revision, [ConfigOperation.Create(new ClusterConfig { Id = "shop", LoadBalancing = "round-robin" })], "admin", "a cluster");
        var changed = await host.Store.CommitAsync(created.Revision, [ConfigOperation.Update(new ClusterConfig { Id = "shop", LoadBalancing = "random" })], "admin", "random balancing");
        Assert.True(created.Succeeded && changed.Succeeded);
        var page = await host.SignInAsync(browser.Browser);

        await page.GotoAsync("history");
        await page.GetByLabel("Layout").SelectOptionAsync("unified");
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("layout=unified"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Revision {created.Revision} → revision {changed.Revision}" })).ToBeVisibleAsync();
        var diff = page.Locator("table.diff-unified");
        await Expect(diff).ToBeVisibleAsync();
        await Expect(page.Locator("table.diff-side")).ToHaveCountAsync(0);
        await Expect(diff.Locator("tr.diff-removed")).ToContainTextAsync("\"loadBalancing\": \"round-robin\"");
        await Expect(diff.Locator("tr.diff-added")).ToContainTextAsync("\"loadBalancing\": \"random\"");
        await Expect(diff.Locator("tr.diff-removed .diff-sign")).ToHaveTextAsync("−");
        await Expect(page.GetByLabel("Layout")).ToHaveValueAsync("unified");
        await Screenshots.SaveAsync(page, "history-unified");
    }
}
