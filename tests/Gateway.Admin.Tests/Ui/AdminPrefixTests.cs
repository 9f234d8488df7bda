using System.Net;

namespace Gateway.Admin.Tests.Ui;

/// <summary>An app that mounts the admin pages under a prefix: links, redirects and the sign-in cookie all stay under it.</summary>
public class AdminPrefixTests
{
    [Fact]
    public async Task AdminPagesUnderAPrefix_RedirectSignInAndLinkWithinIt()
    {
        await using var host = await UiHost.StartAsync("/admin");
        var cookies = new CookieContainer();
        using var client = host.NewClient(cookies);
        var baseUrl = host.BaseUrl;

        using var overview = await client.GetAsync("/admin/clusters");
        var signIn = await client.GetStringAsync("/admin/signin?ReturnUrl=%2Fadmin%2Fclusters");
        using var posted = await UiHost.SignInAsync(client, "/admin/signin", "admin", UiHost.AdminPassword, "/admin/clusters");
        var clusters = await client.GetStringAsync("/admin/clusters");

        Assert.Equal(HttpStatusCode.Redirect, overview.StatusCode);
        Assert.Equal("/admin/signin", overview.Headers.Location!.AbsolutePath);
        Assert.Matches("<form method=\"post\" action=\"(/admin/signin|signin)[?\"]", signIn);
        Assert.Contains($"<base href=\"{new Uri(baseUrl, "/admin/")}\"", signIn, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal(new Uri(baseUrl, "/admin/clusters"), posted.Headers.Location);
        Assert.Equal("/admin", cookies.GetAllCookies().Single(c => c.Name == "gateway_admin").Path);
        Assert.Contains("<h1>Clusters</h1>", clusters, StringComparison.Ordinal);
        Assert.Contains("href=\"clusters/new\"", clusters, StringComparison.Ordinal);
    }
}
