using Gateway.Admin.Store;
using Gateway.Admin.Ui.Services;
using Gateway.Core.Configuration;
using Gateway.Core.Serialization;
using Gateway.Model;
using Gateway.Ui.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gateway.Ui.Tests.Pages;

/// <summary>
/// Stick tables created, edited and deleted on their pages, staged and committed as every other entity is; bad input
/// refused at its field with nothing staged; and the change preview saying which commits keep a table's live entries.
/// </summary>
[Collection(BrowserTests.Name)]
public class StickTableEditTests(BrowserFixture browser)
{
    [Fact]
    public async Task CreateEditAndDelete_AStickTable_OnItsPages_EachLiveOnceCommitted()
    {
        await using var host = await AdminUiHost.StartAsync();
        var page = await host.SignInAsync(browser.Browser);

        await page.GetByRole(AriaRole.Link, new() { Name = "Stick tables" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "New stick table" }).ClickAsync();
        await Expect(page.GetByLabel("Size", new() { Exact = true })).ToHaveValueAsync("100000");
        await page.GetByLabel("Id", new() { Exact = true }).FillAsync("per_client");
        await page.GetByLabel("Key type").SelectOptionAsync("string");
        await page.GetByLabel("Size", new() { Exact = true }).FillAsync("500");
        await page.GetByLabel("Expire", new() { Exact = true }).FillAsync("30s");
        await page.GetByLabel("Store", new() { Exact = true }).FillAsync("http_req_rate(10s), conn_cur");
        await Screenshots.SaveAsync(page, "stick-table-new");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stage new stick table" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(host.AdminUrl + "stick-tables");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "per_client new" })).ToBeVisibleAsync();
        await Expect(page.GetByText("Not live yet")).ToBeVisibleAsync();
        Assert.Empty(host.Store.Read().Document.StickTables);
        await CommitOnPendingPageAsync(page, "create stick table per_client");
        Assert.Equal(
            new StickTableConfig { Id = "per_client", Type = StickKeyType.Text, Size = 500, Expire = TimeSpan.FromSeconds(30), Store = ["http_req_rate(10s)", "conn_cur"] },
            Assert.Single(host.Store.Read().Document.StickTables));
        await page.GotoAsync("stick-tables");
        await Expect(page.GetByText("0 of 500 entries")).ToBeVisibleAsync();

        var live = LiveTable(host, "per_client");
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit stick table per_client" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Stick table per_client" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Expire", new() { Exact = true })).ToHaveValueAsync("30s");
        await Screenshots.SaveAsync(page, "stick-table-edit");
        await page.GetByLabel("Size", new() { Exact = true }).FillAsync("2000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stage changes" }).ClickAsync();
        await Expect(page.Locator("[data-stick-note='per_client']")).ToContainTextAsync("keeps its entries");
        await CommitOnPendingPageAsync(page, "update stick table per_client: size", "keeps its entries");
        Assert.Equal(2000, host.Store.Read().Document.StickTables.Single().Size);
        Assert.Same(live, LiveTable(host, "per_client"));
        Assert.Equal(2000, live.Schema.Size);

        await page.GotoAsync("stick-tables/per_client");
        await page.GetByRole(AriaRole.Link, new() { Name = "Delete stick table per_client…" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Delete stick table per_client?" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "stick-table-delete");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(host.AdminUrl + "stick-tables");
        await Expect(page.GetByText("No stick tables are defined.")).ToBeVisibleAsync();
        await CommitOnPendingPageAsync(page, "delete stick table per_client", "is deleted: its entries are dropped");
        Assert.Empty(host.Store.Read().Document.StickTables);
        Assert.Null(host.Services.GetRequiredService<IGatewaySnapshotAccessor>().Current.StickTables.Find("per_client"));
    }

    [Fact]
    public async Task BadInput_IsShownAtEachField_KeepsWhatWasTyped_AndStagesNothing()
    {
        await using var host = await AdminUiHost.StartAsync();
        await SeedAsync(host, tracked: false);
        var revision = host.Store.Read().Revision;
        var page = await host.SignInAsync(browser.Browser);

        await page.GotoAsync("stick-tables/per_ip");
        await page.GetByLabel("Size", new() { Exact = true }).FillAsync("0");
        await page.GetByLabel("Store", new() { Exact = true }).FillAsync("http_req_rate(0s), conn_curr");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stage changes" }).ClickAsync();

        await Expect(Field(page, "Store")).ToContainTextAsync("The period of http_req_rate must be from 1ms to 24d");
        await Expect(Field(page, "Store")).ToContainTextAsync("'conn_curr' is not a stick-table data type");
        await Expect(Field(page, "Size")).ToContainTextAsync("The size must be from 1 to");
        await Expect(page.GetByLabel("Store", new() { Exact = true })).ToHaveValueAsync("http_req_rate(0s), conn_curr");
        await Expect(page.GetByLabel("Size", new() { Exact = true })).ToHaveValueAsync("0");
        await Screenshots.SaveAsync(page, "stick-table-errors");
        Assert.Equal(0, host.Services.GetRequiredService<PendingChanges>().Count("admin"));

        await page.GotoAsync("stick-tables/new");
        await page.GetByLabel("Id", new() { Exact = true }).FillAsync("PER_IP");
        await page.GetByLabel("Store", new() { Exact = true }).FillAsync("conn_cnt");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stage new stick table" }).ClickAsync();

        await Expect(Field(page, "Id")).ToContainTextAsync("already exists");
        await Expect(page.GetByLabel("Id", new() { Exact = true })).ToHaveValueAsync("PER_IP");
        Assert.Equal(0, host.Services.GetRequiredService<PendingChanges>().Count("admin"));
        Assert.Equal(revision, host.Store.Read().Revision);
    }

    [Fact]
    public async Task LiveEntries_SurviveANewSize_AndANewStoreSetStartsEmpty_AsThePreviewSays()
    {
        await using var host = await AdminUiHost.StartAsync();
        await SeedAsync(host, tracked: true);
        await SendAsync(host, 3);
        var page = await host.SignInAsync(browser.Browser);

        await page.GotoAsync("stick-tables/per_ip");
        await Expect(page.GetByText("Live now: 1 of 1,000 entries.")).ToBeVisibleAsync();
        await page.GetByLabel("Size", new() { Exact = true }).FillAsync("2000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stage changes" }).ClickAsync();
        await CommitOnPendingPageAsync(page, "update stick table per_ip: size", "keeps its entries");
        await page.GotoAsync("stick-tables");
        await Expect(page.GetByText("1 of 2,000 entries")).ToBeVisibleAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "127.0.0.1" });
        await Expect(row.GetByRole(AriaRole.Cell).Nth(1)).ToHaveTextAsync("3");

        await page.GotoAsync("stick-tables/per_ip");
        await page.GetByLabel("Store", new() { Exact = true }).FillAsync("http_req_cnt");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stage changes" }).ClickAsync();
        await Expect(page.Locator("[data-stick-note='per_ip']")).ToContainTextAsync(DocumentChanges.StickTableResetNote);
        await CommitOnPendingPageAsync(page, "update stick table per_ip: store", DocumentChanges.StickTableResetNote);
        await page.GotoAsync("stick-tables");
        await Expect(page.GetByText("0 of 2,000 entries")).ToBeVisibleAsync();
        await Expect(page.GetByText("No entries.")).ToBeVisibleAsync();

        await SendAsync(host, 2);
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "127.0.0.1" }).GetByRole(AriaRole.Cell).Nth(1)).ToHaveTextAsync("2");
    }

    [Fact]
    public async Task DeletingATableARuleTracks_IsRefused_NamingTheRule_AndStagesNothing()
    {
        await using var host = await AdminUiHost.StartAsync();
        await SeedAsync(host, tracked: true);
        var page = await host.SignInAsync(browser.Browser);

        await page.GotoAsync("stick-tables/per_ip");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Delete stick table per_ip…" })).ToBeDisabledAsync();
        await Expect(page.Locator("#stick-delete-refusal")).ToContainTextAsync("used by the rules of listener web, line 1");

        await page.GotoAsync("stick-tables/per_ip/delete");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Stick table \"per_ip\" is used by the rules of listener web, line 1");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Delete" })).ToHaveCountAsync(0);
        Assert.Equal(0, host.Services.GetRequiredService<PendingChanges>().Count("admin"));
        Assert.Single(host.Store.Read().Document.StickTables);
    }

    [Fact]
    public async Task Viewer_SeesTablesWithoutForms_AndCannotCreateOne()
    {
        await using var host = await AdminUiHost.StartAsync();
        await SeedAsync(host, tracked: false);
        await host.CreateUserAsync("vera", "viewer-password-1234", Gateway.Admin.Store.Accounts.AdminRole.Viewer);
        var page = await host.SignInAsync(browser.Browser, "vera", "viewer-password-1234");

        await page.GotoAsync("stick-tables");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "per_ip" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "New stick table" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Delete stick table per_ip" })).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new() { Name = "per_ip", Exact = true }).ClickAsync();
        await Expect(page.GetByLabel("Size", new() { Exact = true })).ToBeDisabledAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Stage changes" })).ToHaveCountAsync(0);

        await page.GotoAsync("stick-tables/new");
        await Expect(page.GetByText("Viewers cannot create stick tables.")).ToBeVisibleAsync();
    }

    private static async Task CommitOnPendingPageAsync(IPage page, string staged, string? note = null)
    {
        await page.GotoAsync("pending");
        await Expect(page.Locator(".staged-operations")).ToContainTextAsync(staged);
        if (note is not null)
        {
            await Expect(page.Locator("[data-stick-note]")).ToContainTextAsync(note);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Commit 1 change" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Committed as revision" })).ToBeVisibleAsync();
    }

    private static ILocator Field(IPage page, string label) =>
        page.Locator(".field", new() { Has = page.GetByLabel(label, new() { Exact = true }) });

    private static Gateway.Core.StickTables.StickTable LiveTable(AdminUiHost host, string id) =>
        host.Services.GetRequiredService<IGatewaySnapshotAccessor>().Current.StickTables.Find(id) ?? throw new InvalidOperationException($"{id} is not live");

    private static async Task SeedAsync(AdminUiHost host, bool tracked)
    {
        var listener = host.Store.Read().Document.Listeners.Single();
        List<ConfigOperation> operations = [ConfigOperation.Create(new StickTableConfig { Id = "per_ip", Size = 1000, Expire = TimeSpan.FromMinutes(10), Store = ["http_req_cnt", "conn_cur"] })];
        if (tracked)
        {
            operations.Add(ConfigOperation.Update(listener with { Rules = "http-request track-sc0 src table per_ip\nhttp-request return status 200 string ok" }));
        }

        var commit = await host.Store.CommitAsync(host.Store.Read().Revision, operations, "test", "a stick table");
        Assert.True(commit.Succeeded, string.Join("; ", commit.Errors.Select(e => e.Message)));
    }

    private static async Task SendAsync(AdminUiHost host, int count)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        for (var i = 0; i < count; i++)
        {
            Assert.Equal("ok", await client.GetStringAsync(host.ListenerUrl("web", "/")));
        }
    }
}
