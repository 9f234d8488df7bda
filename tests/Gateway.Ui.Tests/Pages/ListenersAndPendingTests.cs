using System.Net;
using Gateway.Admin.Ui.Services;
using Gateway.Listeners;
using Gateway.Tests.Common;
using Gateway.Ui.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gateway.Ui.Tests.Pages;

[Collection(BrowserTests.Name)]
public class ListenersAndPendingTests(BrowserFixture browser)
{
    [Fact]
    public async Task NewListener_Committed_IsBoundAndAnswers_ThenDeletingItAfterConfirmationUnbindsIt()
    {
        await using var host = await AdminUiHost.StartAsync();
        var page = await host.SignInAsync(browser.Browser);

        await page.GotoAsync("listeners/new");
        await page.GetByLabel("Id", new() { Exact = true }).FillAsync("second");
        await page.GetByLabel("Address").FillAsync("127.0.0.1:0");
        await page.GetByLabel("Max connections").FillAsync("50");
        await Screenshots.SaveAsync(page, "listener-new");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stage new listener" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "not bound" })).ToBeVisibleAsync();
        await page.GetByLabel("Commit message").FillAsync("a second listener");
        await page.GetByRole(AriaRole.Button, new() { Name = "Commit", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Committed revision 2");

        var listeners = host.Services.GetRequiredService<IGatewayListeners>();
        await Eventually.TrueAsync(() => listeners.All.Any(l => l.Id == "second" && l.State == ListenerState.Bound), "the new listener is bound");
        var bound = listeners.GetUrl("second");
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(bound)).StatusCode);
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = bound.ToString() })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "listeners");

        await page.GetByRole(AriaRole.Link, new() { Name = "second", Exact = true }).ClickAsync();
        await Expect(page.GetByLabel("Max connections")).ToHaveValueAsync("50");
        await Screenshots.SaveAsync(page, "listener-edit");
        await page.GetByRole(AriaRole.Link, new() { Name = "Delete listener second…" }).ClickAsync();
        await Screenshots.SaveAsync(page, "listener-delete");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Commit", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Committed revision 3");

        Assert.Equal(["web"], host.Store.Read().Document.Listeners.Select(l => l.Id));
        await Eventually.TrueAsync(() => TcpProbe.Refuses(bound), "the deleted listener refuses connections");
    }

    [Fact]
    public async Task Discard_WithoutScript_AsksOnAPageOfItsOwnFirst()
    {
        await using var host = await AdminUiHost.StartAsync();
        var page = await host.SignInAsync(browser.Browser, script: false);
        await page.GotoAsync("clusters/new");
        await page.GetByLabel("Id").FillAsync("scratch");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stage new cluster" }).ClickAsync();
        var pending = host.Services.GetRequiredService<PendingChanges>();

        await page.GetByRole(AriaRole.Button, new() { Name = "Discard…" }).ClickAsync();
        await Expect(page.GetByText("Discard all 1 staged changes? This cannot be undone.")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "discard-confirm");
        Assert.Equal(1, pending.Count("admin"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, discard" }).ClickAsync();

        await Expect(page.GetByText("staged change")).ToHaveCountAsync(0);
        Assert.Equal(0, pending.Count("admin"));
        Assert.Equal(1, host.Store.Read().Revision);
    }

    [Fact]
    public async Task Discard_WithScript_AsksInADialog_AndADeclinedDialogSendsNothing()
    {
        await using var host = await AdminUiHost.StartAsync();
        var page = await host.SignInAsync(browser.Browser);
        await page.GotoAsync("clusters/new");
        await page.GetByLabel("Id").FillAsync("scratch");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stage new cluster" }).ClickAsync();
        var pending = host.Services.GetRequiredService<PendingChanges>();
        var events = PageEvents.Watch(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Discard…" }).ClickAsync();
        // A POST the declined dialog failed to stop would have been sent before this navigation.
        await page.ReloadAsync();

        Assert.Equal(["Discard all 1 staged changes? This cannot be undone."], events.Dialogs);
        Assert.Empty(events.Posts);
        await Expect(page.GetByText("1 staged change")).ToBeVisibleAsync();
        Assert.Equal(1, pending.Count("admin"));

        events.AcceptDialogs = true;
        await page.GetByRole(AriaRole.Button, new() { Name = "Discard…" }).ClickAsync();
        await Expect(page.GetByText("staged change")).ToHaveCountAsync(0);
        Assert.Equal(0, pending.Count("admin"));
    }
}
