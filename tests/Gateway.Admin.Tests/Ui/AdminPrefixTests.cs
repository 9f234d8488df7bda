using System.Net;
using System.Text.RegularExpressions;
using Gateway.Admin.Store;
using Gateway.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Admin.Tests.Ui;

/// <summary>An app that mounts the admin pages under a prefix: links, redirects and the sign-in cookie all stay under it.</summary>
public partial class AdminPrefixTests
{
    private const string Password = "prefix-password-123";

    [Fact]
    public async Task AdminPagesUnderAPrefix_RedirectSignInAndLinkWithinIt()
    {
        using var root = new TempDirectory();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = root.Path, EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:Database:Path"] = "data/gateway.db",
            ["Gateway:Admin:BootstrapPassword"] = Password,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddGateway().LoadFrom<ConfigStore>();
        builder.Services.AddGatewayAdmin(builder.Configuration);
        await using var app = builder.Build();
        app.UseAntiforgery();
        app.MapGateway();
        app.MapGatewayAdmin("/admin");
        await app.StartAsync();
        var baseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        var cookies = new CookieContainer();
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = baseUrl };

        using var overview = await client.GetAsync("/admin/clusters");
        var signIn = await client.GetStringAsync("/admin/signin?ReturnUrl=%2Fadmin%2Fclusters");
        var token = AntiforgeryField().Match(signIn).Groups[1].Value;
        using var posted = await client.PostAsync("/admin/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "signin",
            ["__RequestVerificationToken"] = token,
            ["Input.Name"] = "admin",
            ["Input.Password"] = Password,
            ["Input.ReturnUrl"] = "/admin/clusters",
        }));
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
        await app.StopAsync();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
