using Gateway.Tests.Common;
using Gateway.Ui.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gateway.Ui.Tests.Flows;

/// <summary>Steps the flow tests share.</summary>
internal static class FlowSteps
{
    /// <summary>
    /// Through the cluster and route pages: a cluster "backend" whose one server "app" is <paramref name="backend"/>,
    /// and a catch-all route "all" to it, staged and committed.
    /// </summary>
    public static async Task CreateBackendRouteAsync(IPage page, AdminUiHost host, BackendServer backend)
    {
        var before = host.Store.Read().Revision;
        await page.GotoAsync("clusters/new");
        await page.GetByLabel("Id", new() { Exact = true }).FillAsync("backend");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stage new cluster" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Add server" }).ClickAsync();
        await page.GetByLabel("Id", new() { Exact = true }).FillAsync("app");
        await page.GetByLabel("Address", new() { Exact = true }).FillAsync(backend.Url);
        await page.GetByRole(AriaRole.Button, new() { Name = "Stage new server" }).ClickAsync();
        await page.GotoAsync("routes/new");
        await page.GetByLabel("Id", new() { Exact = true }).FillAsync("all");
        await page.GetByLabel("Cluster", new() { Exact = true }).SelectOptionAsync("backend");
        await page.GetByLabel("Path", new() { Exact = true }).FillAsync("/{**rest}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stage new route" }).ClickAsync();
        await page.GotoAsync("pending");
        await page.GetByLabel("Message", new() { Exact = true }).FillAsync("backend and route");
        await page.GetByRole(AriaRole.Button, new() { Name = "Commit 3 changes" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Committed as revision" })).ToBeVisibleAsync();
        Assert.Equal(before + 1, host.Store.Read().Revision);
    }

    /// <summary>Writes <paramref name="text"/> as the rules of <paramref name="scope"/> (<c>route/all</c>) on the rules page and saves it to pending changes.</summary>
    public static async Task StageRulesAsync(IPage page, string scope, string text)
    {
        await page.GotoAsync($"rules?scope={scope}");
        await page.Locator("[data-rules-editor] textarea").FillAsync(text);
        await Expect(page.Locator("[data-rules-status]")).ToContainTextAsync("No problems");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save to pending changes" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Staged" })).ToBeVisibleAsync();
    }
}
