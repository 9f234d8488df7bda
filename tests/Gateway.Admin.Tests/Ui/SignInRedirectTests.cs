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

/// <summary>Signing in with a crafted return URL never sends the browser to another site.</summary>
public partial class SignInRedirectTests
{
    private const string Password = "redirect-password-123";

    [Theory]
    [InlineData("/", "/https:evil.example/")]
    [InlineData("/", "/http:evil.example")]
    [InlineData("/", "/javascript:alert(1)")]
    [InlineData("/admin", "/admin/https:evil.example/")]
    [InlineData("/", "/clusters")]
    public async Task SignIn_WithAReturnUrlThatLooksLikeASchemePath_StaysOnTheAdminSite(string prefix, string returnUrl)
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
        app.MapGatewayAdmin(prefix);
        await app.StartAsync();
        var baseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = baseUrl };
        var signInPath = prefix.TrimEnd('/') + "/signin";

        var form = await client.GetStringAsync(signInPath);
        using var posted = await client.PostAsync(signInPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "signin",
            ["__RequestVerificationToken"] = AntiforgeryField().Match(form).Groups[1].Value,
            ["Input.Name"] = "admin",
            ["Input.Password"] = Password,
            ["Input.ReturnUrl"] = returnUrl,
        }));

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var location = new Uri(baseUrl, posted.Headers.Location!);
        Assert.Equal((baseUrl.Scheme, baseUrl.Authority), (location.Scheme, location.Authority));
        Assert.StartsWith(prefix.TrimEnd('/') + "/", location.AbsolutePath, StringComparison.Ordinal);
        await app.StopAsync();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
