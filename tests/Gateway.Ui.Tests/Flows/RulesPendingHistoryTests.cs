using System.Net;
using System.Text.RegularExpressions;
using Gateway.Admin.Store.Accounts;
using Gateway.Admin.Ui.Services;
using Gateway.Tests.Common;
using Gateway.Ui.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gateway.Ui.Tests.Flows;

/// <summary>
/// The edit → pending → commit → history loop in a real browser against the real standalone host, with a real
/// backend behind the proxy: a rule written on the rules page denies a path through the proxy once committed,
/// a rewind in History lets it through again, and a concurrent commit by someone else is caught as a conflict.
/// </summary>
[Collection(BrowserTests.Name)]
public class RulesPendingHistoryTests(BrowserFixture browser)
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task DenyRule_CommittedThroughThePages_Returns403_AndRewindLetsItThroughAgain()
    {
        await using var backend = await BackendServer.StartAsync("app");
        await using var host = await AdminUiHost.StartAsync();
        var page = await host.SignInAsync(browser.Browser);
        await FlowSteps.CreateBackendRouteAsync(page, host, backend);
        var blocked = host.ListenerUrl("web", "/blocked/thing");
        var (status, body) = await GetAsync(blocked);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("\"backend\":\"app\"", body, StringComparison.Ordinal);
        var beforeRule = host.Store.Read().Revision;

        // A mistake first: the editor marks it at its line and column while typing, and Save refuses it.
        await page.GotoAsync("rules?scope=route/all");
        var editor = page.GetByLabel("Rules of route all");
        await editor.FillAsync("http-request deny if { path_beg /blocked }\nhttp-request frobnicate");
        await Expect(page.Locator(".rules-problems")).ToContainTextAsync("Line 2, column 14");
        await Expect(page.Locator(".rules-backdrop mark")).ToHaveTextAsync("frobnicate");
        await Screenshots.SaveAsync(page, "rules-problem");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save to pending changes" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Not saved");
        Assert.Equal(0, host.Store.Read().Revision - beforeRule);

        await editor.FillAsync("http-request deny if { path_beg /blocked }");
        await Expect(page.Locator("[data-rules-status]")).ToHaveTextAsync("No problems: 0 ACLs, 1 rule.");
        await page.GetByLabel("URL or path", new() { Exact = true }).FillAsync("/blocked/thing");
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await Expect(page.Locator("#rules-preview-result")).ToContainTextAsync("deny the request: 403");
        await Screenshots.SaveAsync(page, "rules");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save to pending changes" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Staged" })).ToBeVisibleAsync();

        // Pending: the diff, live against pending for the blocked path, then commit.
        await page.GotoAsync("pending");
        await Expect(page.Locator(".diff")).ToContainTextAsync("path_beg /blocked");
        await page.GetByLabel("URL or path", new() { Exact = true }).FillAsync("/blocked/thing");
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare live and pending" }).ClickAsync();
        await Expect(page.Locator("#simulation-result")).ToContainTextAsync("Your changes change what happens to this request.");
        await Expect(page.Locator("#simulation-result .outcome-forwarded")).ToBeVisibleAsync();
        await Expect(page.Locator("#simulation-result .outcome-answered")).ToContainTextAsync("403");
        await Screenshots.SaveAsync(page, "pending");
        await page.GetByLabel("Message", new() { Exact = true }).FillAsync("deny /blocked");
        await page.GetByRole(AriaRole.Button, new() { Name = "Commit 1 change" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Committed as revision" })).ToBeVisibleAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(blocked)).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(host.ListenerUrl("web", "/open"))).Status);

        // History: the two latest revisions compared, then rewind to the one before the rule.
        await page.GotoAsync("history");
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();
        await Expect(page.Locator("#diff")).ToContainTextAsync("path_beg /blocked");
        await Expect(page.Locator(".history")).ToContainTextAsync("deny /blocked");
        await Screenshots.SaveAsync(page, "history");
        await page.GetByRole(AriaRole.Link, new() { Name = $"Rewind to revision {beforeRule}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Rewind to revision {beforeRule}?" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "history-rewind");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Rewind to revision {beforeRule}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"with the configuration of revision {beforeRule}");

        Assert.Equal(beforeRule + 2, host.Store.Read().Revision);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(blocked)).Status);
    }

    [Fact]
    public async Task ConcurrentCommit_IsShownAsAConflict_RebaseKeepsWhatDoesNotOverlap_AndNothingIsOverwritten()
    {
        await using var backend = await BackendServer.StartAsync("app");
        await using var host = await AdminUiHost.StartAsync();
        await host.CreateUserAsync("bob", "bob-password-for-tests", AdminRole.Editor);
        var alice = await host.SignInAsync(browser.Browser);
        await FlowSteps.CreateBackendRouteAsync(alice, host, backend);
        var bob = await host.SignInAsync(browser.Browser, "bob", "bob-password-for-tests");

        // Alice stages rules on the route and on the cluster; Bob commits rules on the same route first.
        await FlowSteps.StageRulesAsync(alice, "route/all", "http-request deny if { path_beg /alice }");
        await FlowSteps.StageRulesAsync(alice, "cluster/backend", "http-response set-header X-Cluster backend");
        await FlowSteps.StageRulesAsync(bob, "route/all", "http-request deny if { path_beg /bob }");
        await bob.GotoAsync("pending");
        await bob.GetByRole(AriaRole.Button, new() { Name = "Commit 1 change" }).ClickAsync();
        await Expect(bob.GetByRole(AriaRole.Status).Filter(new() { HasText = "Committed as revision" })).ToBeVisibleAsync();

        var based = host.Store.Read().Revision - 1;
        await alice.GotoAsync("pending");
        var banner = alice.Locator(".banner-conflict");
        await Expect(banner).ToContainTextAsync("by bob");
        await Expect(banner.Locator(".rebase-left-out")).ToContainTextAsync("update route all");
        await Expect(alice.GetByRole(AriaRole.Heading, new() { Name = "2 staged changes on revision " + based })).ToBeVisibleAsync();
        await Expect(alice.GetByRole(AriaRole.Heading, new() { Name = $"Difference from revision {based}, the one your changes were staged on" })).ToBeVisibleAsync();
        await Expect(alice.Locator("section", new() { Has = alice.Locator("#diff-heading") })).ToContainTextAsync($"Revision {based + 1} is live now.");
        await Expect(alice.GetByRole(AriaRole.Button, new() { Name = "Commit 2 changes" })).ToBeDisabledAsync();
        await Screenshots.SaveAsync(alice, "pending-conflict");
        var events = PageEvents.Watch(alice);
        await alice.GetByRole(AriaRole.Button, new() { Name = "Rebase onto revision" }).ClickAsync();
        await alice.ReloadAsync();
        Assert.Empty(events.Posts);
        await Expect(banner).ToBeVisibleAsync();
        var pending = host.Services.GetRequiredService<PendingChanges>();
        Assert.Equal((based, 2), (pending.State("admin").BaseRevision, pending.Count("admin")));

        events.AcceptDialogs = true;
        await alice.GetByRole(AriaRole.Button, new() { Name = "Rebase onto revision" }).ClickAsync();
        await Expect(alice.GetByRole(AriaRole.Status).Filter(new() { HasText = "Rebased onto revision" })).ToContainTextAsync("update route all");
        var question = $"Rebase onto revision {based + 1}? 1 of your 2 changes will be left out: update route all. They cannot be brought back.";
        Assert.Equal([question, question], events.Dialogs);
        await Expect(banner).ToHaveCountAsync(0);
        await alice.GetByRole(AriaRole.Button, new() { Name = "Commit 1 change" }).ClickAsync();
        await Expect(alice.GetByRole(AriaRole.Status).Filter(new() { HasText = "Committed as revision" })).ToBeVisibleAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(host.ListenerUrl("web", "/bob"))).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(host.ListenerUrl("web", "/alice"))).Status);
        var document = host.Store.Read().Document;
        Assert.Equal("http-response set-header X-Cluster backend", document.Clusters.Single(c => c.Id == "backend").Rules);
    }

    [Fact]
    public async Task ConcurrentCommit_RebaseThatLeavesSomethingOut_WithoutScript_AsksOnThePageFirst()
    {
        await using var backend = await BackendServer.StartAsync("app");
        await using var host = await AdminUiHost.StartAsync();
        await host.CreateUserAsync("bob", "bob-password-for-tests", AdminRole.Editor);
        var alice = await host.SignInAsync(browser.Browser);
        await FlowSteps.CreateBackendRouteAsync(alice, host, backend);
        var bob = await host.SignInAsync(browser.Browser, "bob", "bob-password-for-tests");
        await FlowSteps.StageRulesAsync(alice, "route/all", "http-request deny if { path_beg /alice }");
        await FlowSteps.StageRulesAsync(alice, "cluster/backend", "http-response set-header X-Cluster backend");
        await FlowSteps.StageRulesAsync(bob, "route/all", "http-request deny if { path_beg /bob }");
        await bob.GotoAsync("pending");
        await bob.GetByRole(AriaRole.Button, new() { Name = "Commit 1 change" }).ClickAsync();
        await Expect(bob.GetByRole(AriaRole.Status).Filter(new() { HasText = "Committed as revision" })).ToBeVisibleAsync();
        var latest = host.Store.Read().Revision;
        var pending = host.Services.GetRequiredService<PendingChanges>();
        var plain = await host.SignInAsync(browser.Browser, script: false);

        await plain.GotoAsync("pending");
        await plain.GetByRole(AriaRole.Button, new() { Name = $"Rebase onto revision {latest}…" }).ClickAsync();

        var question = plain.GetByRole(AriaRole.Alertdialog);
        await Expect(question).ToContainTextAsync($"Rebase onto revision {latest} and leave out 1 of your changes?");
        await Screenshots.SaveAsync(plain, "pending-rebase-confirm");
        Assert.Equal((latest - 1, 2), (pending.State("admin").BaseRevision, pending.Count("admin")));
        await question.GetByRole(AriaRole.Button, new() { Name = "Yes, rebase without them" }).ClickAsync();

        await Expect(plain.GetByRole(AriaRole.Status).Filter(new() { HasText = $"Rebased onto revision {latest}" })).ToContainTextAsync("update route all");
        Assert.Equal((latest, 1), (pending.State("admin").BaseRevision, pending.Count("admin")));
        Assert.Equal(latest, host.Store.Read().Revision);
    }

    [Fact]
    public async Task ConcurrentCommit_Discard_DropsTheStagedChangesAfterConfirmation()
    {
        await using var backend = await BackendServer.StartAsync("app");
        await using var host = await AdminUiHost.StartAsync();
        await host.CreateUserAsync("bob", "bob-password-for-tests", AdminRole.Editor);
        var alice = await host.SignInAsync(browser.Browser);
        await FlowSteps.CreateBackendRouteAsync(alice, host, backend);
        var bob = await host.SignInAsync(browser.Browser, "bob", "bob-password-for-tests");
        await FlowSteps.StageRulesAsync(alice, "route/all", "http-request deny if { path_beg /alice }");
        await FlowSteps.StageRulesAsync(bob, "route/all", "http-request deny if { path_beg /bob }");
        await bob.GotoAsync("pending");
        await bob.GetByRole(AriaRole.Button, new() { Name = "Commit 1 change" }).ClickAsync();
        var latest = host.Store.Read().Revision;

        await alice.GotoAsync("pending");
        alice.Dialog += (_, dialog) => dialog.AcceptAsync();
        await alice.Locator(".banner-conflict").GetByRole(AriaRole.Link, new() { Name = "Discard my changes" }).ClickAsync();
        await alice.GetByRole(AriaRole.Button, new() { Name = "Yes, discard them" }).ClickAsync();

        await Expect(alice.GetByRole(AriaRole.Status)).ToContainTextAsync("discarded");
        Assert.Equal(latest, host.Store.Read().Revision);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(host.ListenerUrl("web", "/bob"))).Status);
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(Uri url)
    {
        using var response = await Client.GetAsync(url);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
