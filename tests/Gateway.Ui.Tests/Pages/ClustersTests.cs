using Gateway.Admin.Store;
using Gateway.Core.Configuration;
using Gateway.Ui.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gateway.Ui.Tests.Pages;

/// <summary>A cluster's servers on its page: their state buttons, editing one, and deleting a server and then the cluster.</summary>
[Collection(BrowserTests.Name)]
public class ClustersTests(BrowserFixture browser)
{
    [Fact]
    public async Task ServerStateButtons_StageEachState_WhichIsShownAndLiveOnceCommitted()
    {
        await using var host = await AdminUiHost.StartAsync();
        await SeedShopAsync(host);
        var page = await host.SignInAsync(browser.Browser);

        await page.GotoAsync("clusters");
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "shop" })).ToContainTextAsync("s1 http://127.0.0.1:9/ ready");
        await Screenshots.SaveAsync(page, "clusters");
        await page.GetByRole(AriaRole.Link, new() { Name = "shop", Exact = true }).ClickAsync();

        foreach (var state in new[] { ServerState.Drain, ServerState.Maintenance, ServerState.Ready })
        {
            var name = state.ToString().ToLowerInvariant();
            await page.GetByRole(AriaRole.Button, new() { Name = $"Set server s1 to {name}" }).ClickAsync();
            await Expect(page.GetByText("1 staged change")).ToBeVisibleAsync();
            await Expect(ServerRow(page, "s1").Locator($".state-{name}")).ToHaveTextAsync(name);
            Assert.NotEqual(state, Server(host, "s1").State);

            var before = host.Store.Read().Revision;
            await page.GetByLabel("Commit message").FillAsync($"s1 to {name}");
            await page.GetByRole(AriaRole.Button, new() { Name = "Commit", Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Committed revision {before + 1}");
            await Expect(ServerRow(page, "s1").Locator($".state-{name}")).ToHaveTextAsync(name);
            Assert.Equal(state, Server(host, "s1").State);
            Assert.Equal(ServerState.Ready, Server(host, "s2").State);
        }
    }

    [Fact]
    public async Task EditServer_WeightAndBackup_AreShownOnTheClusterAndItsForm_OnceCommitted()
    {
        await using var host = await AdminUiHost.StartAsync();
        await SeedShopAsync(host);
        var page = await host.SignInAsync(browser.Browser);

        await page.GotoAsync("clusters/shop");
        await page.GetByRole(AriaRole.Link, new() { Name = "s2", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Server s2 of shop" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Weight")).ToHaveValueAsync("1");
        await Screenshots.SaveAsync(page, "server-edit");
        await page.GetByLabel("Weight").FillAsync("5");
        await page.GetByLabel("Backup server").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Stage changes" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(host.AdminUrl + "clusters/shop");
        await Expect(ServerRow(page, "s2")).ToContainTextAsync("5 (backup)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Commit", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Committed revision 3");

        Assert.Equal((5, true), (Server(host, "s2").Weight, Server(host, "s2").Backup));
        Assert.Equal((1, false), (Server(host, "s1").Weight, Server(host, "s1").Backup));
        await Expect(ServerRow(page, "s2")).ToContainTextAsync("5 (backup)");
        await page.GotoAsync("clusters/shop/servers/s2");
        await Expect(page.GetByLabel("Weight")).ToHaveValueAsync("5");
        await Expect(page.GetByLabel("Backup server")).ToBeCheckedAsync();
    }

    [Fact]
    public async Task DeleteServer_ThenTheCluster_EachAfterItsConfirmationPage_AreGoneOnceCommitted()
    {
        await using var host = await AdminUiHost.StartAsync();
        await SeedShopAsync(host);
        var page = await host.SignInAsync(browser.Browser);

        await page.GotoAsync("clusters/shop");
        await page.GetByRole(AriaRole.Link, new() { Name = "Delete server s2" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Delete server s2 (http://127.0.0.1:10/) from cluster shop?" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "server-delete");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(host.AdminUrl + "clusters/shop");
        await Expect(ServerRow(page, "s2")).ToHaveCountAsync(0);
        await Expect(ServerRow(page, "s1")).ToHaveCountAsync(1);

        await page.GetByRole(AriaRole.Link, new() { Name = "Delete cluster shop…" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Delete cluster shop and its 1 servers?" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "cluster-delete");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(host.AdminUrl + "clusters");
        await Expect(page.GetByText("2 staged changes")).ToBeVisibleAsync();
        Assert.Single(host.Store.Read().Document.Clusters);

        await page.GetByRole(AriaRole.Button, new() { Name = "Commit", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Committed revision 3");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "shop", Exact = true })).ToHaveCountAsync(0);
        Assert.Empty(host.Store.Read().Document.Clusters);
    }

    private static async Task SeedShopAsync(AdminUiHost host)
    {
        var committed = await host.Store.CommitAsync(host.Store.Read().Revision,
            [ConfigOperation.Create(new ClusterConfig { Id = "shop", Servers = [new() { Id = "s1", Address = "http://127.0.0.1:9/" }, new() { Id = "s2", Address = "http://127.0.0.1:10/" }] })],
            "admin", "a cluster of two servers");
        Assert.True(committed.Succeeded, string.Join("; ", committed.Errors.Select(e => e.Message)));
    }

    private static ServerConfig Server(AdminUiHost host, string id) =>
        host.Store.Read().Document.Clusters.Single(c => c.Id == "shop").Servers.Single(s => s.Id == id);

    private static ILocator ServerRow(IPage page, string id) =>
        page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = id, Exact = true }) });
}
