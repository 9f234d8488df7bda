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

/// <summary>A real app with the admin pages on a loopback port, and a browser-like client that keeps cookies and does not follow redirects.</summary>
internal sealed partial class UiHost : IAsyncDisposable
{
    public const string AdminPassword = "ui-host-password-123";

    private readonly TempDirectory _root;
    private readonly WebApplication _app;

    private UiHost(TempDirectory root, WebApplication app, Uri baseUrl)
    {
        _root = root;
        _app = app;
        BaseUrl = baseUrl;
        Client = NewClient();
    }

    public Uri BaseUrl { get; }

    public HttpClient Client { get; }

    public T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    public static async Task<UiHost> StartAsync(string prefix = "/")
    {
        var root = new TempDirectory();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = root.Path, EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:Database:Path"] = "data/gateway.db",
            ["Gateway:Admin:BootstrapPassword"] = AdminPassword,
        });
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("UIHOST_LOG") is not null) { builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Debug); }
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddGateway().LoadFrom<ConfigStore>();
        builder.Services.AddGatewayAdmin(builder.Configuration);
        var app = builder.Build();
        app.UseAntiforgery();
        app.MapGateway();
        app.MapGatewayAdmin(prefix);
        await app.StartAsync();
        var baseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return new UiHost(root, app, baseUrl);
    }

    public HttpClient NewClient(CookieContainer? cookies = null) =>
        new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer() }) { BaseAddress = BaseUrl };

    /// <summary>Posts the sign-in form at <paramref name="signInPath"/> the way a browser would, antiforgery token included.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string signInPath, string name, string password, string? returnUrl = null)
    {
        var form = await client.GetStringAsync(signInPath);
        return await client.PostAsync(signInPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "signin",
            ["__RequestVerificationToken"] = AntiforgeryField().Match(form).Groups[1].Value,
            ["Input.Name"] = name,
            ["Input.Password"] = password,
            ["Input.ReturnUrl"] = returnUrl ?? "",
        }));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _root.Dispose();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
