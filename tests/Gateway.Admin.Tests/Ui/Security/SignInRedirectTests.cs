using System.Net;
using Gateway.Admin.Tests.Ui;

namespace Gateway.Admin.Tests.Ui.Security;

/// <summary>Signing in with a crafted return URL never sends the browser to another site.</summary>
public class SignInRedirectTests
{
    [Theory]
    [InlineData("/", "/https:evil.example/")]
    [InlineData("/", "/http:evil.example")]
    [InlineData("/", "/javascript:alert(1)")]
    [InlineData("/admin", "/admin/https:evil.example/")]
    [InlineData("/", "/clusters")]
    public async Task SignIn_WithAReturnUrlThatLooksLikeASchemePath_StaysOnTheAdminSite(string prefix, string returnUrl)
    {
        await using var host = await UiHost.StartAsync(prefix);

        using var posted = await UiHost.SignInAsync(host.Client, prefix.TrimEnd('/') + "/signin", "admin", UiHost.AdminPassword, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var location = new Uri(host.BaseUrl, posted.Headers.Location!);
        Assert.Equal((host.BaseUrl.Scheme, host.BaseUrl.Authority), (location.Scheme, location.Authority));
        Assert.StartsWith(prefix.TrimEnd('/') + "/", location.AbsolutePath, StringComparison.Ordinal);
    }
}
