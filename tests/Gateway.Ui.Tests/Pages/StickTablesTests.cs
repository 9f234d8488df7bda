using Gateway.Admin.Store;
using Gateway.Core.Configuration;
using Gateway.Core.StickTables;
using Gateway.Model;
using Gateway.Ui.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gateway.Ui.Tests.Pages;

[Collection(BrowserTests.Name)]
public class StickTablesTests(BrowserFixture browser)
{
    [Fact]
    public async Task StickTablesPage_ShowsSizeAndBusiestKeys_AndAnEditorClearsAnEntry()
    {
        await using var host = await AdminUiHost.StartAsync();
        var listener = host.Store.Read().Document.Listeners.Single();
        var commit = await host.Store.CommitAsync(host.Store.Read().Revision,
        [
            ConfigOperation.Create(new StickTableConfig { Id = "per_ip", Size = 1000, Expire = TimeSpan.FromMinutes(1), Store = ["http_req_rate(10s)", "conn_cur"] }),
            ConfigOperation.Update(listener with { Rules = "http-request track-sc0 src table per_ip\nhttp-request return status 200 string ok" }),
        ], "test", "count clients");
        Assert.True(commit.Succeeded, string.Join("; ", commit.Errors.Select(e => e.Message)));
        using (var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }))
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal("ok", await client.GetStringAsync(host.ListenerUrl("web", "/")));
            }
        }

        var page = await host.SignInAsync(browser.Browser);
        await page.GetByRole(AriaRole.Link, new() { Name = "Stick tables" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "per_ip" })).ToBeVisibleAsync();
        await Expect(page.GetByText("1 of 1,000 entries")).ToBeVisibleAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "127.0.0.1" });
        await Expect(row.GetByRole(AriaRole.Cell).Nth(1)).ToHaveTextAsync("3");
        await Screenshots.SaveAsync(page, "stick-tables");

        await row.GetByRole(AriaRole.Link, new() { Name = "Clear entry 127.0.0.1 of per_ip" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Clear" }).ClickAsync();
        await Expect(page.GetByText("No entries.")).ToBeVisibleAsync();
        var table = host.Services.GetRequiredService<IGatewaySnapshotAccessor>().Current.StickTables.Find("per_ip")!;
        Assert.Null(table.Find(StickKey.FromAddress(System.Net.IPAddress.Loopback)));
    }
}
