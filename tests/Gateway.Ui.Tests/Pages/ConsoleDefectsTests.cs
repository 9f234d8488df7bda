using Gateway.Admin.Store;
using Gateway.Admin.Ui.Services;
using Gateway.Core.Configuration;
using Gateway.Ui.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gateway.Ui.Tests.Pages;

/// <summary>The defects a first tour of the admin pages hit (issue #19), each as a user meets it in the browser.</summary>
[Collection(BrowserTests.Name)]
public class ConsoleDefectsTests(BrowserFixture browser)
{
    private static readonly ClusterConfig App = new() { Id = "app", Servers = [new() { Id = "a", Address = "http://127.0.0.1:9/" }] };

    private static async Task<long> CommitAsync(AdminUiHost host, params ConfigOperation[] operations)
    {
        var result = await host.Store.CommitAsync(host.Store.Read().Revision, operations, "admin", "setup");
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => $"{e.Path}: {e.Message}")));
        return result.Revision;
    }

    [Fact]
    public async Task Durations_ABareNumberIsSeconds_AndAnAbsurdValueSaysWhatWasUnderstood()
    {
        await using var host = await AdminUiHost.StartAsync();
        var page = await host.SignInAsync(browser.Browser);

        await page.GotoAsync("clusters/new");
        await page.GetByLabel("Id", new() { Exact = true }).FillAsync("shop");
        await page.GetByLabel("Activity timeout").FillAsync("30d");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stage new cluster" }).ClickAsync();
        await Expect(page.Locator(".field", new() { Has = page.GetByLabel("Activity timeout") })).ToContainTextAsync("found 30 days — did you mean 30s?");
        Assert.Equal(0, host.Services.GetRequiredService<PendingChanges>().Count("admin"));

        await page.GetByLabel("Activity timeout").FillAsync("30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stage new cluster" }).ClickAsync();
        await page.GotoAsync("clusters/shop");
        await Expect(page.GetByLabel("Activity timeout")).ToHaveValueAsync("00:00:30");
        var pending = host.Services.GetRequiredService<PendingChanges>().State("admin").Document;
        Assert.Equal(TimeSpan.FromSeconds(30), pending.Clusters.Single(c => c.Id == "shop").ActivityTimeout);
    }

    [Fact]
    public async Task RouteForm_AnInvalidPathTemplate_IsRefusedAtOnce_WithTheReason_AndNothingIsStaged()
    {
        await using var host = await AdminUiHost.StartAsync();
        await CommitAsync(host, ConfigOperation.Create(App));
        var page = await host.SignInAsync(browser.Browser);

        await page.GotoAsync("routes/new");
        await page.GetByLabel("Id", new() { Exact = true }).FillAsync("bad");
        await page.GetByLabel("Cluster", new() { Exact = true }).SelectOptionAsync("app");
        await page.GetByLabel("Path", new() { Exact = true }).FillAsync("/x/{**rest}/y");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stage new route" }).ClickAsync();

        await Expect(page.Locator(".field", new() { Has = page.GetByLabel("Path", new() { Exact = true }) })).ToContainTextAsync("catch-all");
        Assert.Equal(0, host.Services.GetRequiredService<PendingChanges>().Count("admin"));
    }

    [Fact]
    public async Task DuplicateIds_AreShownAtTheIdField_WithoutAnInternalPrefix()
    {
        await using var host = await AdminUiHost.StartAsync();
        await CommitAsync(host, ConfigOperation.Create(App));
        var page = await host.SignInAsync(browser.Browser);

        await page.GotoAsync("clusters/new");
        await page.GetByLabel("Id", new() { Exact = true }).FillAsync("app");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stage new cluster" }).ClickAsync();

        await Expect(page.Locator(".field", new() { Has = page.GetByLabel("Id", new() { Exact = true }) })).ToContainTextAsync("already exists");
        await Expect(page.GetByText("clusters[app]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task History_ReloadAfterARewind_DoesNotPostItAgain()
    {
        await using var host = await AdminUiHost.StartAsync();
        var first = await CommitAsync(host, ConfigOperation.Create(App));
        await CommitAsync(host, ConfigOperation.Update(App with { LoadBalancing = "random" }));
        var page = await host.SignInAsync(browser.Browser);

        await page.GotoAsync($"history?rewind={first}");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Rewind to revision {first}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"with the configuration of revision {first}");
        var afterRewind = host.Store.Read().Revision;

        await page.ReloadAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"with the configuration of revision {first}");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        Assert.Equal(afterRewind, host.Store.Read().Revision);
    }

    [Fact]
    public async Task RulesPage_AfterSave_ShowsThePendingBar_AndTheRoutePageLinksToIt()
    {
        await using var host = await AdminUiHost.StartAsync();
        await CommitAsync(host, ConfigOperation.Create(App), ConfigOperation.Create(new RouteConfig { Id = "all", Cluster = "app", Path = "/{**rest}" }));
        var page = await host.SignInAsync(browser.Browser);

        await page.GotoAsync("routes/all");
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit the rules" }).ClickAsync();
        await Expect(page.GetByLabel("Rules of route all")).ToBeVisibleAsync();
        await page.GetByLabel("Rules of route all").FillAsync("http-request deny if { path_beg /x }");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save to pending changes" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Staged" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Pending changes" })).ToContainTextAsync("1 staged change");
    }

    [Fact]
    public async Task RulesPage_ChoosingAScope_OpensIt()
    {
        await using var host = await AdminUiHost.StartAsync();
        await CommitAsync(host, ConfigOperation.Create(App));
        var page = await host.SignInAsync(browser.Browser);

        await page.GotoAsync("rules");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Open" })).ToBeHiddenAsync();
        await page.GetByLabel("Scope").SelectOptionAsync("cluster/app");

        await Expect(page.GetByLabel("Rules of cluster app")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ClusterInUse_HasItsDeleteDisabled_WithTheReason()
    {
        await using var host = await AdminUiHost.StartAsync();
        await CommitAsync(host, ConfigOperation.Create(App), ConfigOperation.Create(new RouteConfig { Id = "all", Cluster = "app", Path = "/{**rest}" }));
        var page = await host.SignInAsync(browser.Browser);

        await page.GotoAsync("clusters/app");
        var delete = page.GetByRole(AriaRole.Button, new() { Name = "Delete cluster app…" });
        await Expect(delete).ToBeDisabledAsync();
        await Expect(page.Locator("#cluster-delete-refusal")).ToContainTextAsync("is used by route \"all\"");

        await page.GotoAsync("clusters/app/delete");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("is used by route \"all\"");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Delete" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task PendingList_NamesWhatChanged()
    {
        await using var host = await AdminUiHost.StartAsync();
        await CommitAsync(host, ConfigOperation.Create(App));
        var page = await host.SignInAsync(browser.Browser);

        foreach (var id in new[] { "b", "c" })
        {
            await page.GotoAsync("clusters/app/servers/new");
            await page.GetByLabel("Id", new() { Exact = true }).FillAsync(id);
            await page.GetByLabel("Address", new() { Exact = true }).FillAsync($"http://127.0.0.1:{(id == "b" ? 10 : 11)}/");
            await page.GetByRole(AriaRole.Button, new() { Name = "Stage new server" }).ClickAsync();
        }

        await page.GotoAsync("pending");
        var staged = page.Locator(".staged-operations li");
        await Expect(staged).ToHaveTextAsync(["add server b to cluster app", "add server c to cluster app"]);
    }

    [Fact]
    public async Task Password_APersonChangesTheirOwn_AndTheNewOneSignsIn()
    {
        await using var host = await AdminUiHost.StartAsync();
        var page = await host.SignInAsync(browser.Browser);

        await page.GetByRole(AriaRole.Link, new() { Name = "Change password" }).ClickAsync();
        await page.GetByLabel("Current password").FillAsync("not-the-password");
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("a-new-password-for-tests");
        await page.GetByLabel("New password again").FillAsync("a-new-password-for-tests");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(page.Locator(".field", new() { Has = page.GetByLabel("Current password") })).ToContainTextAsync("not your current password");

        await page.GetByLabel("Current password").FillAsync(AdminUiHost.AdminPassword);
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("a-new-password-for-tests");
        await page.GetByLabel("New password again").FillAsync("a-new-password-for-tests");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your password was changed");

        var accounts = host.Services.GetRequiredService<Gateway.Admin.Store.Accounts.AdminAccounts>();
        Assert.NotNull(await accounts.VerifyPasswordAsync("admin", "a-new-password-for-tests"));
        Assert.Null(await accounts.VerifyPasswordAsync("admin", AdminUiHost.AdminPassword));
    }

    [Fact]
    public async Task Favicon_IsServed()
    {
        await using var host = await AdminUiHost.StartAsync();
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });

        using var response = await client.GetAsync(new Uri(new Uri(host.AdminUrl), "favicon.ico"));

        Assert.True(response.IsSuccessStatusCode, $"favicon.ico answered {(int)response.StatusCode}");
        Assert.Equal(new byte[] { 0, 0, 1, 0 }, (await response.Content.ReadAsByteArrayAsync())[..4]);
    }

    [Fact]
    public async Task ErrorPages_ASetOnTheListenerPage_IsStaged_AndAnInvalidStatusIsRefusedAtItsField()
    {
        await using var host = await AdminUiHost.StartAsync();
        var page = await host.SignInAsync(browser.Browser);

        await page.GotoAsync("listeners/web");
        await page.GetByRole(AriaRole.Link, new() { Name = "Error pages of listener web" }).ClickAsync();
        await page.GetByLabel("Status").FillAsync("302");
        await page.GetByLabel("Body").FillAsync("<h1>moved</h1>");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stage error page" }).ClickAsync();
        await Expect(page.Locator(".field", new() { Has = page.GetByLabel("Status") })).ToContainTextAsync("400 to 599");

        await page.GetByLabel("Status").FillAsync("403");
        await page.GetByLabel("Body").FillAsync("<h1>Not here</h1>");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stage error page" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "<h1>Not here</h1>" })).ToBeVisibleAsync();

        var pending = host.Services.GetRequiredService<PendingChanges>().State("admin").Document;
        Assert.Equal([new ErrorPageConfig(403, "<h1>Not here</h1>")], pending.Listeners.Single(l => l.Id == "web").ErrorPages);
    }
}
