using Gateway.Admin.Store;
using Gateway.Core.Configuration;
using Gateway.Ui.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gateway.Ui.Tests.Pages;

/// <summary>A cluster's retries, passive health, Host header and hashing, and a server's connection limit, edited in the browser and committed.</summary>
[Collection(BrowserTests.Name)]
public class FailureSettingsTests(BrowserFixture browser)
{
    [Fact]
    public async Task RetriesAndPassiveHealth_EditedStagedAndCommitted_AreInTheCommittedDocument()
    {
        await using var host = await AdminUiHost.StartAsync();
        await SeedShopAsync(host);
        var page = await host.SignInAsync(browser.Browser);

        await page.GotoAsync("clusters/shop");
        await Expect(page.GetByLabel("Retries", new() { Exact = true })).ToHaveValueAsync("3");
        await Expect(page.GetByLabel("Retry on another server (redispatch)")).ToBeCheckedAsync();
        await Expect(page.GetByLabel("Eject failing servers")).ToBeCheckedAsync();
        await page.GetByLabel("Retries", new() { Exact = true }).FillAsync("2");
        await page.GetByLabel("Retry on another server (redispatch)").UncheckAsync();
        await page.GetByLabel("Retry on statuses").FillAsync("502, 503");
        await page.GetByLabel("Also retry POST").CheckAsync();
        await page.GetByLabel("Body buffer limit (bytes)").FillAsync("4096");
        await page.GetByLabel("Deadline").FillAsync("00:00:20");
        await page.GetByLabel("Failures in a row").FillAsync("5");
        await page.GetByLabel("Count 5xx answers as failures").CheckAsync();
        await page.GetByLabel("Ejection time").FillAsync("00:00:30");
        await page.GetByLabel("Longest ejection").FillAsync("00:10:00");
        await page.GetByLabel("Host sent to the servers").SelectOptionAsync(HostHeaderModes.Server);
        await page.GetByLabel("Load balancing").SelectOptionAsync("hdr");
        await page.GetByLabel("Header to hash").FillAsync("X-User");
        await page.GetByLabel("Sticky cookie").FillAsync("SHOPSRV");
        await page.GetByRole(AriaRole.Group, new() { Name = "Queue", Exact = true }).GetByLabel("Queue length").FillAsync("0");
        await Screenshots.SaveAsync(page, "cluster-failure-settings");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stage changes" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(host.AdminUrl + "clusters/shop");
        await Expect(page.GetByText("1 staged change")).ToBeVisibleAsync();
        Assert.Equal(RetryConfig.Default, Shop(host).Retry);
        var before = host.Store.Read().Revision;
        await page.GetByLabel("Commit message").FillAsync("retries and passive health");
        await page.GetByRole(AriaRole.Button, new() { Name = "Commit", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Committed revision {before + 1}");

        var shop = Shop(host);
        Assert.Equal(new RetryConfig { Count = 2, Redispatch = false, OnStatuses = [502, 503], NonIdempotent = true, BufferLimit = 4096, Deadline = TimeSpan.FromSeconds(20) }, shop.Retry);
        Assert.Equal(new PassiveHealthConfig { ConsecutiveFailures = 5, CountServerErrors = true, EjectionTime = TimeSpan.FromSeconds(30), MaxEjectionTime = TimeSpan.FromMinutes(10) }, shop.PassiveHealth);
        Assert.Equal(("server", "hdr(X-User)", "SHOPSRV", (int?)0), (shop.HostHeader, shop.LoadBalancing, shop.StickyCookie, shop.MaxQueue));
        Assert.Contains("\"retry\": {\n        \"count\": 2,\n        \"redispatch\": false,", host.Store.ExportJson(), StringComparison.Ordinal);

        // The committed values are what the form shows next time, unticked boxes included.
        await page.GotoAsync("clusters/shop");
        await Expect(page.GetByLabel("Retries", new() { Exact = true })).ToHaveValueAsync("2");
        await Expect(page.GetByLabel("Retry on another server (redispatch)")).Not.ToBeCheckedAsync();
        await Expect(page.GetByLabel("Retry on statuses")).ToHaveValueAsync("502, 503");
        await Expect(page.GetByLabel("Count 5xx answers as failures")).ToBeCheckedAsync();
        await Expect(page.GetByLabel("Header to hash")).ToHaveValueAsync("X-User");
    }

    [Fact]
    public async Task OutOfRangeRetriesAndEjection_AreShownAtTheirFields_AndNothingIsStaged()
    {
        await using var host = await AdminUiHost.StartAsync();
        await SeedShopAsync(host);
        var page = await host.SignInAsync(browser.Browser);

        await page.GotoAsync("clusters/shop");
        await page.GetByLabel("Retries", new() { Exact = true }).FillAsync("11");
        await page.GetByLabel("Retry on statuses").FillAsync("200");
        await page.GetByLabel("Ejection time").FillAsync("00:01:00");
        await page.GetByLabel("Longest ejection").FillAsync("00:00:10");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stage changes" }).ClickAsync();

        await Expect(Field(page, "Retries")).ToContainTextAsync("The retry count must be from 0 to 10; found 11.");
        await Expect(Field(page, "Retry on statuses")).ToContainTextAsync("200 is not a failure");
        await Expect(Field(page, "Longest ejection")).ToContainTextAsync("must not be shorter than the ejection time");
        // What was typed is kept for correcting.
        await Expect(page.GetByLabel("Retries", new() { Exact = true })).ToHaveValueAsync("11");
        await Expect(page.GetByText("staged change")).ToHaveCountAsync(0);
        Assert.Equal(RetryConfig.Default, Shop(host).Retry);
    }

    [Fact]
    public async Task ServerMaxConnections_IsShownOnTheClusterOnceCommitted()
    {
        await using var host = await AdminUiHost.StartAsync();
        await SeedShopAsync(host);
        var page = await host.SignInAsync(browser.Browser);

        await page.GotoAsync("clusters/shop/servers/s1");
        await page.GetByLabel("Max connections").FillAsync("25");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stage changes" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(host.AdminUrl + "clusters/shop");
        var before = host.Store.Read().Revision;
        await page.GetByRole(AriaRole.Button, new() { Name = "Commit", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Committed revision {before + 1}");

        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "s1", Exact = true }) })).ToContainTextAsync("25");
        Assert.Equal(25, Shop(host).Servers.Single(s => s.Id == "s1").MaxConnections);
        Assert.Null(Shop(host).Servers.Single(s => s.Id == "s2").MaxConnections);
    }

    private static ILocator Field(IPage page, string label) =>
        page.Locator(".field", new() { Has = page.GetByLabel(label, new() { Exact = true }) });

    private static async Task SeedShopAsync(AdminUiHost host)
    {
        var committed = await host.Store.CommitAsync(host.Store.Read().Revision,
            [ConfigOperation.Create(new ClusterConfig { Id = "shop", Servers = [new() { Id = "s1", Address = "http://127.0.0.1:9/" }, new() { Id = "s2", Address = "http://127.0.0.1:10/" }] })],
            "admin", "a cluster of two servers");
        Assert.True(committed.Succeeded, string.Join("; ", committed.Errors.Select(e => e.Message)));
    }

    private static ClusterConfig Shop(AdminUiHost host) => host.Store.Read().Document.Clusters.Single(c => c.Id == "shop");
}
