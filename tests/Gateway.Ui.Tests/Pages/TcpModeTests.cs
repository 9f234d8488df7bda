using Gateway.Admin.Store;
using Gateway.Core.Configuration;
using Gateway.Listeners;
using Gateway.Tests.Common;
using Gateway.Ui.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gateway.Ui.Tests.Pages;

[Collection(BrowserTests.Name)]
public class TcpModeTests(BrowserFixture browser)
{
    [Fact]
    public async Task TcpListener_MadeInTheForm_ForwardsBytesToItsDefaultCluster_AndTheListsShowItsMode()
    {
        await using var host = await AdminUiHost.StartAsync();
        await using var backend = await BackendServer.StartAsync("raw-app");
        var port = new Uri(backend.Url).Port;
        var cluster = await host.Store.CommitAsync(host.Store.Read().Revision,
            [ConfigOperation.Create(new ClusterConfig { Id = "raw", Servers = [new() { Id = "app", Address = $"tcp://127.0.0.1:{port}" }] })], "test", "a TCP cluster");
        Assert.True(cluster.Succeeded, string.Join("; ", cluster.Errors.Select(e => e.Message)));
        var page = await host.SignInAsync(browser.Browser);

        await page.GotoAsync("listeners/new");
        await page.GetByLabel("Id", new() { Exact = true }).FillAsync("tcp");
        await page.GetByLabel("Address").FillAsync("127.0.0.1:0");
        await page.GetByLabel("Mode").SelectOptionAsync("tcp");
        await page.GetByLabel("Default cluster").SelectOptionAsync("raw");
        await page.GetByLabel("Idle timeout").FillAsync("00:05:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stage new listener" }).ClickAsync();
        await page.GetByLabel("Commit message").FillAsync("a TCP listener");
        await page.GetByRole(AriaRole.Button, new() { Name = "Commit", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Committed revision 3");

        var listener = host.Store.Read().Document.Listeners.Single(l => l.Id == "tcp");
        Assert.Equal((ListenerMode.Tcp, "raw", TimeSpan.FromMinutes(5)), (listener.Mode, listener.DefaultCluster, listener.IdleTimeout));
        var listeners = host.Services.GetRequiredService<IGatewayListeners>();
        await Eventually.TrueAsync(() => listeners.All.Any(l => l.Id == "tcp" && l.State == ListenerState.Bound), "the TCP listener is bound");
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        var echo = await client.GetStringAsync(new Uri(listeners.GetUrl("tcp"), "/through-tcp"));
        Assert.Contains("raw-app", echo, StringComparison.Ordinal);

        await page.ReloadAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "tcp", Exact = true }) });
        await Expect(row).ToContainTextAsync("tcp");
        await Expect(row).ToContainTextAsync("raw");
        await page.GotoAsync("");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "TCP traffic" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "server raw/app" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "overview-tcp");
    }
}
