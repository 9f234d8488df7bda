using Gateway.Admin.Store;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;
using Gateway.Ui.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gateway.Ui.Tests.Flows;

/// <summary>Steps the flow tests share.</summary>
internal static class FlowSteps
{
    /// <summary>A cluster "backend" whose one server is <paramref name="backend"/>, and a catch-all route "all" on listener web to it, committed.</summary>
    public static async Task CreateBackendRouteAsync(IPage page, AdminUiHost host, BackendServer backend)
    {
        ArgumentNullException.ThrowIfNull(page);
        var latest = host.Store.Read();
        var result = await host.Store.CommitAsync(latest.Revision,
        [
            ConfigOperation.Create(new ClusterConfig { Id = "backend", Servers = [new ServerConfig { Id = "app", Address = backend.Url }] }),
            ConfigOperation.Create(new RouteConfig { Id = "all", Cluster = "backend", Path = "/{**rest}" }),
        ], "admin", "backend and route");
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
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
