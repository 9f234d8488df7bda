using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Gateway.Admin.Store.Accounts;
using Gateway.Ui.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gateway.Ui.Tests.Pages;

[Collection(BrowserTests.Name)]
public class AccountsTests(BrowserFixture browser)
{
    [Fact]
    public async Task Tokens_NewTokenIsShownOnce_WorksOnTheApi_AndRevokingItAfterConfirmationStopsIt()
    {
        await using var host = await AdminUiHost.StartAsync();
        var page = await host.SignInAsync(browser.Browser);

        await page.GotoAsync("tokens");
        await page.GetByLabel("Name").FillAsync("deploy pipeline");
        await page.GetByLabel("Role").SelectOptionAsync("Editor");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        var token = (await page.Locator("[data-token]").TextContentAsync())!.Trim();
        await Screenshots.SaveAsync(page, "tokens");
        await Expect(page).ToHaveURLAsync(new Regex("/tokens\\?created="));

        // Post/redirect/get: reloading the page that shows the token neither shows it again nor creates another.
        await page.ReloadAsync();
        Assert.DoesNotContain(token, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Single(await host.Accounts.TokensAsync(), t => t.Name == "deploy pipeline");

        Assert.StartsWith("gw_", token, StringComparison.Ordinal);
        using var api = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(host.AdminUrl + "api/v1/") };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.True((await api.GetAsync("status")).IsSuccessStatusCode);

        await page.GotoAsync("tokens");
        Assert.DoesNotContain(token, await page.ContentAsync(), StringComparison.Ordinal);
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "deploy pipeline" })).ToContainTextAsync("active");

        await page.GetByRole(AriaRole.Link, new() { Name = "Revoke token deploy pipeline" }).ClickAsync();
        await Screenshots.SaveAsync(page, "token-revoke");
        Assert.True((await api.GetAsync("status")).IsSuccessStatusCode, "nothing is revoked before the confirmation");
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(host.AdminUrl + "tokens");
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "deploy pipeline" })).ToContainTextAsync("revoked");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await api.GetAsync("status")).StatusCode);
    }

    [Fact]
    public async Task Users_ShortPasswordIsRefusedNextToTheField_AndANewEditorCanSignIn()
    {
        await using var host = await AdminUiHost.StartAsync();
        var page = await host.SignInAsync(browser.Browser);

        await page.GotoAsync("users");
        await page.GetByLabel("User name").FillAsync("eddie");
        await page.GetByLabel("Password").FillAsync("short");
        await page.GetByLabel("Role").SelectOptionAsync("Editor");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Expect(page.Locator(".field", new() { Has = page.GetByLabel("Password") })).ToContainTextAsync("at least 12 characters");
        Assert.Null(await host.Accounts.FindUserAsync("eddie"));

        await page.GetByLabel("Password").FillAsync("eddie-password-123");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Created user eddie.");
        await Screenshots.SaveAsync(page, "users");
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveCountAsync(0);

        Assert.Equal(AdminRole.Editor, (await host.Accounts.FindUserAsync("eddie"))!.Role);
        var eddie = await host.SignInAsync(browser.Browser, "eddie", "eddie-password-123");
        await eddie.GotoAsync("users");
        await Expect(eddie).ToHaveURLAsync(new Regex("/forbidden"));
    }

    [Fact]
    public async Task Users_RoleButtons_PromoteAUser_ButNeverDemoteTheLastAdmin()
    {
        await using var host = await AdminUiHost.StartAsync();
        await host.CreateUserAsync("vera", "vera-password-1234", AdminRole.Viewer);
        var page = await host.SignInAsync(browser.Browser);
        PageEvents.Watch(page).AcceptDialogs = true;
        await page.GotoAsync("users");

        await page.GetByRole(AriaRole.Button, new() { Name = "Make admin viewer" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("the last admin");
        Assert.Equal(AdminRole.Admin, (await host.Accounts.FindUserAsync("admin"))!.Role);

        await page.GetByRole(AriaRole.Button, new() { Name = "Make vera editor" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("vera is now editor.");
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "vera" })).ToContainTextAsync("editor");
        Assert.Equal(AdminRole.Editor, (await host.Accounts.FindUserAsync("vera"))!.Role);
    }

    [Fact]
    public async Task Users_RoleChange_WithScript_AsksInADialog_AndADeclinedOneSendsNothing()
    {
        await using var host = await AdminUiHost.StartAsync();
        await host.CreateUserAsync("alice", "alice-password-1234", AdminRole.Admin);
        var page = await host.SignInAsync(browser.Browser);
        await page.GotoAsync("users");
        var events = PageEvents.Watch(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Make alice viewer" }).ClickAsync();
        await page.ReloadAsync();

        Assert.Equal(["Make alice viewer? They can then no longer change the configuration or manage users and API tokens, and their API tokens above viewer are lowered to viewer."], events.Dialogs);
        Assert.Empty(events.Posts);
        Assert.Equal(AdminRole.Admin, (await host.Accounts.FindUserAsync("alice"))!.Role);

        events.AcceptDialogs = true;
        await page.GetByRole(AriaRole.Button, new() { Name = "Make alice viewer" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("alice is now viewer.");
        Assert.Equal(AdminRole.Viewer, (await host.Accounts.FindUserAsync("alice"))!.Role);
    }

    [Fact]
    public async Task Users_RoleChange_WithoutScript_AsksOnThePageFirst()
    {
        await using var host = await AdminUiHost.StartAsync();
        await host.CreateUserAsync("alice", "alice-password-1234", AdminRole.Admin);
        var page = await host.SignInAsync(browser.Browser, script: false);
        await page.GotoAsync("users");

        await page.GetByRole(AriaRole.Button, new() { Name = "Make alice viewer" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alertdialog)).ToContainTextAsync("Make alice viewer? They can then no longer change the configuration");
        await Screenshots.SaveAsync(page, "user-role-confirm");
        Assert.Equal(AdminRole.Admin, (await host.Accounts.FindUserAsync("alice"))!.Role);

        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, make alice viewer" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("alice is now viewer.");
        await Expect(page.GetByRole(AriaRole.Alertdialog)).ToHaveCountAsync(0);
        Assert.Equal(AdminRole.Viewer, (await host.Accounts.FindUserAsync("alice"))!.Role);
    }

    [Fact]
    public async Task Users_Delete_AfterItsConfirmationPage_RemovesTheUser()
    {
        await using var host = await AdminUiHost.StartAsync();
        await host.CreateUserAsync("vera", "vera-password-1234", AdminRole.Viewer);
        var page = await host.SignInAsync(browser.Browser);
        await page.GotoAsync("users");

        await page.GetByRole(AriaRole.Link, new() { Name = "Delete user vera" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Delete user vera (viewer) and all their API tokens?" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "user-delete");
        Assert.NotNull(await host.Accounts.FindUserAsync("vera"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(host.AdminUrl + "users");
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "vera" })).ToHaveCountAsync(0);
        Assert.Null(await host.Accounts.FindUserAsync("vera"));
    }
}
