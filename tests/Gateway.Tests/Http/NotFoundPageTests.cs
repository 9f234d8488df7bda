using System.Net;
using Gateway.Http;
using Gateway.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Http;

/// <summary>The not-found page names the admin URL to the operator at the machine, not to any client.</summary>
public class NotFoundPageTests
{
    private const string AdminUrl = "http://127.0.0.1:9090/";

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("10.1.2.3", false)]
    [InlineData("203.0.113.9", false)]
    public async Task AdminUrl_IsNamedToLoopbackClientsOnly(string client, bool named)
    {
        var (context, body) = Context(client, AdminUrl, accept: "text/html");

        await NotFoundPage.WriteAsync(context);

        Assert.Equal(404, context.Response.StatusCode);
        Assert.Equal(named, Text(body).Contains(AdminUrl, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AdminUrl_IsNotNamed_InJsonEither_ToARemoteClient()
    {
        var (context, body) = Context("10.1.2.3", AdminUrl, accept: "application/json");

        await NotFoundPage.WriteAsync(context);

        Assert.DoesNotContain("9090", Text(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminUrl_IsNotNamed_WhenTheHostTurnedItOff()
    {
        var (context, body) = Context("127.0.0.1", adminUrl: null, accept: "text/html");

        await NotFoundPage.WriteAsync(context);

        Assert.DoesNotContain("admin UI at", Text(body), StringComparison.Ordinal);
    }

    private static (DefaultHttpContext Context, MemoryStream Body) Context(string client, string? adminUrl, string accept)
    {
        var services = new ServiceCollection().AddOptions().Configure<GatewayOptions>(o => o.AdminUrl = adminUrl).BuildServiceProvider();
        var body = new MemoryStream();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Connection.RemoteIpAddress = IPAddress.Parse(client);
        context.Request.Method = "GET";
        context.Request.Host = new HostString("example.test");
        context.Request.Path = "/nothing";
        context.Request.Headers.Accept = accept;
        context.Response.Body = body;
        return (context, body);
    }

    private static string Text(MemoryStream body) => System.Text.Encoding.UTF8.GetString(body.ToArray());
}
