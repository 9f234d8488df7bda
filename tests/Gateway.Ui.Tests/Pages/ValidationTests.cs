using Gateway.Admin.Ui.Services;
using Gateway.Ui.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gateway.Ui.Tests.Pages;

/// <summary>Bad input is refused next to the field at fault, keeps what was typed, and stages nothing.</summary>
[Collection(BrowserTests.Name)]
public class ValidationTests(BrowserFixture browser)
{
    [Fact]
    public async Task NewCluster_WithABadTimeoutAndId_ShowsEachErrorAtItsField_AndStagesNothing()
    {
        await using var host = await AdminUiHost.StartAsync();
        var page = await host.SignInAsync(browser.Browser);

        await page.GotoAsync("clusters/new");
        await page.GetByLabel("Id").FillAsync("shop");
        await page.GetByLabel("Activity timeout").FillAsync("soon");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stage new cluster" }).ClickAsync();

        await Expect(page.Locator(".field", new() { Has = page.GetByLabel("Activity timeout") })).ToContainTextAsync("'soon' is not a duration");
        await Expect(page.GetByLabel("Activity timeout")).ToHaveValueAsync("soon");

        await page.GetByLabel("Id").FillAsync("no spaces allowed");
        await page.GetByLabel("Activity timeout").FillAsync("00:00:30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stage new cluster" }).ClickAsync();

        await Expect(page.Locator(".field", new() { Has = page.GetByLabel("Id") })).ToContainTextAsync("is not valid");
        await Screenshots.SaveAsync(page, "cluster-errors");
        Assert.Equal(0, host.Services.GetRequiredService<PendingChanges>().Count("admin"));
    }

    [Fact]
    public async Task NewRoute_ToAClusterThatDoesNotExist_IsRefusedAtTheClusterField()
    {
        await using var host = await AdminUiHost.StartAsync();
        var page = await host.SignInAsync(browser.Browser);

        await page.GotoAsync("routes/new");
        await page.GetByLabel("Id").FillAsync("api");
        await page.GetByLabel("Path").FillAsync("api/{**rest}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stage new route" }).ClickAsync();

        await Expect(page.Locator(".field", new() { Has = page.GetByLabel("Cluster") })).ToContainTextAsync("A route needs a cluster");
        await Expect(page.Locator(".field", new() { Has = page.GetByLabel("Path") })).ToContainTextAsync("must start with '/'");
        Assert.Equal(0, host.Services.GetRequiredService<PendingChanges>().Count("admin"));
    }
}
