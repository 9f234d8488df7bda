using System.Collections.Concurrent;
using Gateway.Admin.Store;
using Gateway.Admin.Ui.Security;
using Gateway.Core.Configuration;
using Gateway.Ui.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gateway.Ui.Tests.Pages;

/// <summary>The pages under their Content-Security-Policy, and sign-out reaching an open live overview.</summary>
[Collection(BrowserTests.Name)]
public class AdminSecurityTests(BrowserFixture browser)
{
    [Fact]
    public async Task Pages_WorkUnderTheirContentSecurityPolicy_WithoutAViolation()
    {
        await using var host = await AdminUiHost.StartAsync();
        var committed = await host.Store.CommitAsync(host.Store.Read().Revision,
            [ConfigOperation.Create(new ClusterConfig { Id = "app", Servers = [new() { Id = "a", Address = "http://127.0.0.1:9/" }] }),
             ConfigOperation.Create(new RouteConfig { Id = "all", Path = "/{**rest}", Cluster = "app" })], "test", "a route");
        Assert.True(committed.Succeeded, string.Join("; ", committed.Errors.Select(e => e.Message)));
        var page = await host.SignInAsync(browser.Browser);
        var violations = new ConcurrentQueue<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Enqueue(message.Text);
            }
        };

        // The overview's live part runs over Blazor's circuit (blazor.web.js and its WebSocket).
        var circuit = await page.RunAndWaitForWebSocketAsync(() => page.GotoAsync(""), new() { Predicate = socket => socket.Url.Contains("/_blazor", StringComparison.Ordinal) });
        Assert.False(circuit.IsClosed);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();

        // rules-editor.js checks while typing; inline-forms.js previews in place.
        await page.GotoAsync("rules?scope=route/all");
        var editor = page.GetByLabel("Rules of route all");
        await editor.FillAsync("http-request deny if { path_beg /blocked }\nhttp-request frobnicate");
        await Expect(page.Locator(".rules-problems")).ToContainTextAsync("Line 2, column 14");
        await editor.FillAsync("http-request deny if { path_beg /blocked }");
        await Expect(page.Locator("[data-rules-status]")).ToHaveTextAsync("No problems: 0 ACLs, 1 rule.");
        await page.GetByLabel("URL or path", new() { Exact = true }).FillAsync("/blocked/thing");
        await page.GetByLabel("URL or path", new() { Exact = true }).PressAsync("Enter");
        await Expect(page.Locator("#rules-preview-result")).ToContainTextAsync("deny the request: 403");

        await page.GotoAsync("history");
        await page.GotoAsync("clusters/app");

        Assert.Empty(violations);
    }

    [Fact]
    public async Task SignOut_StopsTheLiveOverviewOfAnotherTab()
    {
        AdminSessionRevalidator.Interval = TimeSpan.FromMilliseconds(500);
        await using var host = await AdminUiHost.StartAsync();
        var overview = await host.SignInAsync(browser.Browser);
        await overview.RunAndWaitForWebSocketAsync(() => overview.GotoAsync(""), new() { Predicate = socket => socket.Url.Contains("/_blazor", StringComparison.Ordinal) });
        await Expect(overview.Locator("[data-stat='version']")).ToBeVisibleAsync();

        // Another tab of the same browser signs out.
        var other = await overview.Context.NewPageAsync();
        await other.GotoAsync("");
        await other.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(other).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin$"));

        await Expect(overview.Locator("[data-stat='signed-out']")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(overview.Locator("[data-stat='version']")).ToHaveCountAsync(0);
    }
}
