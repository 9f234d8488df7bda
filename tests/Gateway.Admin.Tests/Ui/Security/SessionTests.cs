using System.Net;
using Gateway.Admin.Store.Accounts;
using Gateway.Admin.Tests.Ui;

namespace Gateway.Admin.Tests.Ui.Security;

/// <summary>A sign-in cookie belongs to the account it was issued for, not to whoever has that name later.</summary>
public class SessionTests
{
    private const string Password = "session-password-123";

    [Fact]
    public async Task CookieOfADeletedUser_IsRefused_EvenAfterANewUserGetsTheSameName()
    {
        await using var host = await UiHost.StartAsync();
        var accounts = host.Get<AdminAccounts>();
        Assert.True((await accounts.CreateUserAsync("bob", Password, AdminRole.Viewer)).Succeeded);
        using var posted = await UiHost.SignInAsync(host.Client, "/signin", "bob", Password);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        using (var before = await host.Client.GetAsync("/users"))
        {
            Assert.Equal(HttpStatusCode.Redirect, before.StatusCode);
            Assert.Equal("/forbidden", before.Headers.Location!.AbsolutePath);
        }

        Assert.True(await accounts.DeleteUserAsync("bob"));
        Assert.True((await accounts.CreateUserAsync("bob", "another-password-456", AdminRole.Admin)).Succeeded);
        using var after = await host.Client.GetAsync("/users");

        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal("/signin", after.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task SignIn_RefusedForTooManyFailures_DoesNotEchoThePasswordBack()
    {
        await using var host = await UiHost.StartAsync();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var wrong = await UiHost.SignInAsync(host.Client, "/signin", "admin", "wrong-password-" + attempt);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var refused = await UiHost.SignInAsync(host.Client, "/signin", "admin", UiHost.AdminPassword);
        var body = await refused.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.DoesNotContain(UiHost.AdminPassword, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_WithoutAName_DoesNotEchoThePasswordBack()
    {
        await using var host = await UiHost.StartAsync();

        using var refused = await UiHost.SignInAsync(host.Client, "/signin", "", UiHost.AdminPassword);
        var body = await refused.Content.ReadAsStringAsync();

        Assert.Contains("Enter your user name.", body, StringComparison.Ordinal);
        Assert.DoesNotContain(UiHost.AdminPassword, body, StringComparison.Ordinal);
    }
}

/// <summary>The lock-out: bad tokens from an address must not keep the real admin from signing in there.</summary>
public class LockOutTests
{
    [Fact]
    public async Task FiveBadTokens_FromAnAddress_DoNotLockTheAdminsSignInOut()
    {
        await using var host = await UiHost.StartAsync();
        for (var attempt = 0; attempt < 6; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/status");
            request.Headers.Authorization = new("Bearer", "gw_" + new string('x', 40) + attempt);
            using var refused = await host.Client.SendAsync(request);
            Assert.Equal(attempt < 5 ? HttpStatusCode.Unauthorized : HttpStatusCode.TooManyRequests, refused.StatusCode);
        }

        using var signedIn = await UiHost.SignInAsync(host.Client, "/signin", "admin", UiHost.AdminPassword);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
    }

    [Fact]
    public async Task AnotherUsersFailedSignIns_DoNotLockTheAdminOut()
    {
        await using var host = await UiHost.StartAsync();
        for (var attempt = 0; attempt < 6; attempt++)
        {
            using var wrong = await UiHost.SignInAsync(host.Client, "/signin", "mallory", "wrong-password-" + attempt);
            Assert.Equal(attempt < 5 ? HttpStatusCode.Unauthorized : HttpStatusCode.TooManyRequests, wrong.StatusCode);
        }

        using var signedIn = await UiHost.SignInAsync(host.Client, "/signin", "admin", UiHost.AdminPassword);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
    }
}
