using Gateway.Admin.Store;
using Gateway.Admin.Ui.Services;
using Gateway.Core.Configuration;
using Gateway.Ui.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gateway.Ui.Tests.Pages;

[Collection(BrowserTests.Name)]
public class RulesTests(BrowserFixture browser)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task EnterInTheSampleUrlField_Previews_AndStagesNothing(bool script)
    {
        await using var host = await AdminUiHost.StartAsync();
        var committed = await host.Store.CommitAsync(host.Store.Read().Revision,
            [ConfigOperation.Create(new ClusterConfig { Id = "app", Servers = [new() { Id = "a", Address = "http://127.0.0.1:9/" }] }),
             ConfigOperation.Create(new RouteConfig { Id = "all", Path = "/{**rest}", Cluster = "app" })], "test", "a route");
        Assert.True(committed.Succeeded, string.Join("; ", committed.Errors.Select(e => e.Message)));
        var page = await host.SignInAsync(browser.Browser, script: script);

        await page.GotoAsync("rules?scope=route/all");
        var rules = page.GetByRole(AriaRole.Textbox, new() { Name = "Rules of route all" });
        await rules.FillAsync("http-request deny if { path_beg /blocked }");
        await page.GetByLabel("URL or path", new() { Exact = true }).FillAsync("/blocked/thing");
        await page.GetByLabel("URL or path", new() { Exact = true }).PressAsync("Enter");

        await Expect(page.Locator("#rules-preview-result")).ToContainTextAsync("deny the request: 403");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Staged" })).ToHaveCountAsync(0);
        await Expect(rules).ToHaveValueAsync("http-request deny if { path_beg /blocked }");
        Assert.Equal(0, host.Services.GetRequiredService<PendingChanges>().Count("admin"));
    }

    [Fact]
    public async Task RulesPage_ShowsHowOftenEachLiveRuleFired_SinceItsRevision()
    {
        await using var host = await AdminUiHost.StartAsync();
        var committed = await host.Store.CommitAsync(host.Store.Read().Revision,
            [ConfigOperation.Create(new ClusterConfig { Id = "app", Servers = [new() { Id = "a", Address = "http://127.0.0.1:9/" }] }),
             ConfigOperation.Create(new RouteConfig { Id = "all", Path = "/{**rest}", Cluster = "app", Rules = "http-request deny if { path_beg /blocked }\nhttp-request return status 204 if { path_beg /empty }" })],
            "test", "a route with rules");
        Assert.True(committed.Succeeded, string.Join("; ", committed.Errors.Select(e => e.Message)));
        using (var client = new HttpClient())
        {
            for (var i = 0; i < 3; i++)
            {
                (await client.GetAsync(host.ListenerUrl("web", "/blocked/x"))).Dispose();
            }

            (await client.GetAsync(host.ListenerUrl("web", "/empty"))).Dispose();
        }

        var page = await host.SignInAsync(browser.Browser);
        await page.GotoAsync("rules?scope=route/all");
        var table = page.Locator(".rule-hits-table");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Hits in the configuration in force (revision {committed.Revision})" })).ToBeVisibleAsync();
        await Expect(table.Locator("tr[data-line='1'] td").Nth(2)).ToHaveTextAsync("3");
        await Expect(table.Locator("tr[data-line='2'] td").Nth(2)).ToHaveTextAsync("1");
        await Expect(table.Locator("tr[data-line='1'] td").Nth(3)).ToHaveTextAsync($"revision {committed.Revision}");
    }
}
