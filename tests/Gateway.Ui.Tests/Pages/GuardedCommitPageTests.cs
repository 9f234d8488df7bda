using Gateway.Admin.Guard;
using Gateway.Admin.Store;
using Gateway.Core.Configuration;
using Gateway.Ui.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gateway.Ui.Tests.Pages;

/// <summary>The Pending page's "Guard this commit" checkbox starts a guard on the routes the commit touches, and History says so.</summary>
[Collection(BrowserTests.Name)]
public class GuardedCommitPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task GuardCheckbox_CommitIsGuardedOnItsRoutes_PendingAndHistorySaySo()
    {
        await using var host = await AdminUiHost.StartAsync();
        var seeded = await host.Store.CommitAsync(host.Store.Read().Revision,
            [ConfigOperation.Create(new ClusterConfig { Id = "shop", Servers = [new() { Id = "s1", Address = "http://127.0.0.1:9/" }] }),
             ConfigOperation.Create(new RouteConfig { Id = "shop", Cluster = "shop", Path = "/shop/{**rest}" })],
            "admin", "shop");
        Assert.True(seeded.Succeeded, string.Join("; ", seeded.Errors.Select(e => e.Message)));
        var page = await host.SignInAsync(browser.Browser);

        await page.GotoAsync("clusters/shop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set server s1 to drain" }).ClickAsync();
        await page.GotoAsync("pending");
        await page.GetByLabel("Guard this commit").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Commit 1 change" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Guarded for 60 s" })).ToContainTextAsync("watching shop");
        var guard = host.Services.GetRequiredService<CommitGuard>().Find(host.Store.Read().Revision);
        Assert.NotNull(guard);
        Assert.Equal((GuardOutcome.Watching, seeded.Revision, "admin"), (guard.Outcome, guard.Previous, guard.Author));
        Assert.Equal(["shop"], guard.Routes);
        await page.GotoAsync("history");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"Guarding revision {guard.Revision} for 60 s" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task CommitWithoutCheckbox_IsNotGuarded()
    {
        await using var host = await AdminUiHost.StartAsync();
        var seeded = await host.Store.CommitAsync(host.Store.Read().Revision,
            [ConfigOperation.Create(new ClusterConfig { Id = "shop", Servers = [new() { Id = "s1", Address = "http://127.0.0.1:9/" }] })], "admin", "shop");
        Assert.True(seeded.Succeeded);
        var page = await host.SignInAsync(browser.Browser);

        await page.GotoAsync("clusters/shop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set server s1 to drain" }).ClickAsync();
        await page.GotoAsync("pending");
        await page.GetByRole(AriaRole.Button, new() { Name = "Commit 1 change" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Committed as revision" })).ToBeVisibleAsync();
        Assert.Empty(host.Services.GetRequiredService<CommitGuard>().Recent);
    }
}
