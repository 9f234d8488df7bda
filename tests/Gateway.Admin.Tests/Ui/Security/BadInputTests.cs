using System.Net;

namespace Gateway.Admin.Tests.Ui.Security;

/// <summary>Malformed input to a page gets 400 and a sentence, never a stack trace.</summary>
public class BadInputTests
{
    [Theory]
    [InlineData("/history?from=%3Cscript%3Ealert(1)%3C/script%3E")]
    [InlineData("/history?to=abc")]
    [InlineData("/history?page=99999999999999999999")]
    public async Task MalformedQueryParameter_Gets400WithAMessage(string path)
    {
        await using var host = await UiHost.StartAsync();
        using var signedIn = await UiHost.SignInAsync(host.Client, "/signin", "admin", UiHost.AdminPassword);

        using var response = await host.Client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("query", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script>", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" at Microsoft.", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
    }
}
