using System.Net;

namespace Gateway.Admin.Tests.Ui.Security;

/// <summary>Every admin response carries the browser security headers; a Host naming another site is refused.</summary>
public class AdminRequestGuardTests
{
    [Theory]
    [InlineData("/signin")]
    [InlineData("/")]
    [InlineData("/api/v1/status")]
    [InlineData("/_framework/blazor.web.js")]
    public async Task AdminResponses_CarryTheSecurityHeaders(string path)
    {
        await using var host = await UiHost.StartAsync();

        using var response = await host.Client.GetAsync(path);

        Assert.Contains("script-src 'self'", Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("same-origin", Header(response, "Referrer-Policy"));
    }

    [Theory]
    [InlineData("evil.example", HttpStatusCode.BadRequest)]
    [InlineData("evil.example:9090", HttpStatusCode.BadRequest)]
    [InlineData("localhost", HttpStatusCode.OK)]
    [InlineData("127.0.0.1:1234", HttpStatusCode.OK)]
    [InlineData("[::1]:9090", HttpStatusCode.OK)]
    public async Task HostHeader_NamingAnotherSite_IsRefused(string hostHeader, HttpStatusCode expected)
    {
        await using var host = await UiHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/signin");
        request.Headers.Host = hostHeader;

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.BadRequest)
        {
            Assert.Contains("Gateway:Admin:AllowedHosts", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(",", content) : "";
}
