using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gateway.Admin.Store;
using Gateway.Admin.Store.Accounts;
using Gateway.Listeners;
using Gateway.Tests.Common;

namespace Gateway.Admin.Tests.Ui.Security;

/// <summary>The admin session: server-side, ended by sign-out, never handed to a proxied server.</summary>
public partial class AdminSessionSecurityTests
{
    [Fact]
    public async Task OldCookie_AfterSignOut_IsRefused()
    {
        await using var host = await UiHost.StartAsync();
        var cookies = new CookieContainer();
        using var browser = host.NewClient(cookies);
        using var signedIn = await UiHost.SignInAsync(browser, "/signin", "admin", UiHost.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var stolen = cookies.GetCookieHeader(host.BaseUrl);
        using var thief = host.NewClient();
        thief.DefaultRequestHeaders.Add("Cookie", stolen);
        using (var before = await thief.GetAsync("/"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var signedOut = await SignOutAsync(browser);
        using var after = await thief.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal("/signin", after.Headers.Location!.AbsolutePath);
        Assert.Equal(0, await host.Get<AdminSessions>().CountAsync());
    }

    [Fact]
    public async Task SignOut_WithoutTheAntiforgeryToken_IsRefused_AndTheSessionLives()
    {
        await using var host = await UiHost.StartAsync();
        using var signedIn = await UiHost.SignInAsync(host.Client, "/signin", "admin", UiHost.AdminPassword);

        using var forged = await host.Client.PostAsync("/signout", new FormUrlEncodedContent([]));
        using var page = await host.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(1, await host.Get<AdminSessions>().CountAsync());
    }

    [Fact]
    public async Task DeletingAUser_EndsTheirSessions()
    {
        await using var host = await UiHost.StartAsync();
        var accounts = host.Get<AdminAccounts>();
        Assert.True((await accounts.CreateUserAsync("carol", "carol-password-123", AdminRole.Viewer)).Succeeded);
        using var signedIn = await UiHost.SignInAsync(host.Client, "/signin", "carol", "carol-password-123");
        Assert.Equal(1, await host.Get<AdminSessions>().CountAsync());

        Assert.True(await accounts.DeleteUserAsync("carol"));

        Assert.Equal(0, await host.Get<AdminSessions>().CountAsync());
    }

    /// <summary>
    /// A browser signed in to the admin pages sends their cookie to every port of the host (cookies ignore ports):
    /// a server behind a gateway listener on the same host must not receive it; the request's other cookies pass.
    /// </summary>
    [Fact]
    public async Task AdminCookie_IsNotSeenByAProxiedServer()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        await using var host = await UiHost.StartAsync();
        var store = host.Get<ConfigStore>();
        var committed = await store.CommitAsync(store.Read().Revision,
            [ConfigOperation.Create(TestConfigs.Listener("web")), ConfigOperation.Create(TestConfigs.Cluster("app", backend)), ConfigOperation.Create(TestConfigs.Route("all", "app"))],
            "test", "a listener in front of a backend");
        Assert.Equal(CommitStatus.Committed, committed.Status);
        var listeners = host.Get<IGatewayListeners>();
        await Eventually.TrueAsync(() => listeners.All.Any(l => l.Id == "web" && l.State == ListenerState.Bound), "the listener is bound");
        var cookies = new CookieContainer();
        using var browser = host.NewClient(cookies);
        using var signedIn = await UiHost.SignInAsync(browser, "/signin", "admin", UiHost.AdminPassword);
        var listener = listeners.GetUrl("web");
        cookies.Add(listener, new Cookie("app_session", "keep-me"));
        Assert.Contains("gateway_admin=", cookies.GetCookieHeader(listener), StringComparison.Ordinal);
        Assert.Contains("gateway_admin_antiforgery=", cookies.GetCookieHeader(listener), StringComparison.Ordinal);

        using var proxied = await browser.GetAsync(new Uri(listener, "/echo"));
        using var echo = JsonDocument.Parse(await proxied.Content.ReadAsStringAsync());
        var cookieHeader = echo.RootElement.GetProperty("headers").TryGetProperty("Cookie", out var value) ? value.GetString() : null;

        Assert.Equal(HttpStatusCode.OK, proxied.StatusCode);
        Assert.DoesNotContain("gateway_admin", cookieHeader, StringComparison.Ordinal);
        Assert.Contains("app_session=keep-me", cookieHeader, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> SignOutAsync(HttpClient client)
    {
        var page = await client.GetStringAsync("/");
        return await client.PostAsync("/signout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryField().Match(page).Groups[1].Value,
        }));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
