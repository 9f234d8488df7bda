using System.Text.RegularExpressions;
using Gateway.Admin.Store;
using Gateway.Admin.Store.Accounts;
using Gateway.Admin.Ui.Services;
using Gateway.Core.Configuration;
using Gateway.Ui.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gateway.Ui.Tests.Pages;

/// <summary>Viewers see everything and can change nothing, whatever they post; admin pages are for admins.</summary>
[Collection(BrowserTests.Name)]
public class RolesTests(BrowserFixture browser)
{
    private const string ViewerPassword = "viewer-password-1234";

    [Fact]
    public async Task Viewer_SeesClustersWithoutForms_AndAForgedPostIsRefused()
    {
        await using var host = await AdminUiHost.StartAsync();
        var live = host.Store.Read();
        await host.Store.CommitAsync(live.Revision, [ConfigOperation.Create(new ClusterConfig { Id = "shop", Servers = [new() { Id = "s1", Address = "http://127.0.0.1:9/" }] })], "admin", "seed");
        await host.CreateUserAsync("vera", ViewerPassword, AdminRole.Viewer);
        var page = await host.SignInAsync(browser.Browser, "vera", ViewerPassword);

        await page.GotoAsync("clusters");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "shop" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "New cluster" })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "shop" }).ClickAsync();
        await Expect(page.GetByLabel("Load balancing")).ToBeDisabledAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Stage changes" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Drain" })).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(page, "cluster-as-viewer");

        // What a viewer's browser could still send: the read-only form, re-enabled and submitted.
        var response = await page.RunAndWaitForResponseAsync(
            () => page.EvaluateAsync("() => { const form = document.querySelector('form.card'); form.querySelector('fieldset').disabled = false; form.querySelector('#cluster-balancing').value = 'random'; form.submit(); }"),
            r => r.Request.Method == "POST");

        Assert.Equal(403, response.Status);
        await Expect(page.GetByText("Viewers cannot change the configuration")).ToBeVisibleAsync();
        Assert.Equal(0, host.Services.GetRequiredService<PendingChanges>().Count("vera"));

        await page.GotoAsync("clusters/shop/delete");
        await Expect(page).ToHaveURLAsync(new Regex("/forbidden"));
        await Screenshots.SaveAsync(page, "forbidden");
        await page.GotoAsync("tokens");
        await Expect(page).ToHaveURLAsync(new Regex("/forbidden"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "API tokens" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Viewer_AForgedRewindPost_IsRefusedWith403AndAReason_NotABadRequest()
    {
        await using var host = await AdminUiHost.StartAsync();
        var first = host.Store.Read().Revision;
        var committed = await host.Store.CommitAsync(first, [ConfigOperation.Create(new ClusterConfig { Id = "shop" })], "admin", "a cluster");
        Assert.True(committed.Succeeded);
        await host.CreateUserAsync("vera", ViewerPassword, AdminRole.Viewer);
        var page = await host.SignInAsync(browser.Browser, "vera", ViewerPassword);
        await page.GotoAsync($"history?rewind={first}");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Rewind to revision {first}" })).ToHaveCountAsync(0);

        // What a viewer's browser could still send: the editors' rewind form, rebuilt with the token of the sign-out form.
        var response = await page.RunAndWaitForResponseAsync(
            () => page.EvaluateAsync("""
                ([revision, latest]) => {
                  const form = document.createElement('form');
                  form.method = 'post';
                  form.action = 'history';
                  const fields = {
                    __RequestVerificationToken: document.querySelector('input[name=__RequestVerificationToken]').value,
                    _handler: 'rewind', 'Rewind.Revision': revision, 'Rewind.Latest': latest, 'Rewind.Message': 'sneaky',
                  };
                  for (const [name, value] of Object.entries(fields)) {
                    const input = document.createElement('input');
                    input.type = 'hidden';
                    input.name = name;
                    input.value = String(value);
                    form.append(input);
                  }
                  document.body.append(form);
                  form.submit();
                }
                """, new[] { first, committed.Revision }),
            r => r.Request.Method == "POST");

        Assert.Equal(403, response.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Viewers cannot rewind");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Rewind to revision {first}" })).ToHaveCountAsync(0);
        Assert.Equal(committed.Revision, host.Store.Read().Revision);
    }

    [Fact]
    public async Task DeletedUser_IsSignedOutOnTheirNextRequest()
    {
        await using var host = await AdminUiHost.StartAsync();
        await host.CreateUserAsync("vera", ViewerPassword, AdminRole.Viewer);
        var page = await host.SignInAsync(browser.Browser, "vera", ViewerPassword);

        await host.Accounts.DeleteUserAsync("vera");
        await page.GotoAsync("clusters");

        await Expect(page).ToHaveURLAsync(new Regex("/signin\\?ReturnUrl=%2Fclusters$"));
    }
}
