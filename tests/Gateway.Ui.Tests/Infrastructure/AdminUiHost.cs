using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Admin.Hosting;
using Gateway.Admin.Store;
using Gateway.Admin.Store.Accounts;
using Gateway.Listeners;
using Gateway.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Gateway.Ui.Tests.Infrastructure;

/// <summary>
/// The standalone host on 127.0.0.1:0 with a fresh SQLite store in a temporary folder, its first admin's
/// password taken from configuration (as automation would), and the admin pages' stylesheet and script
/// copied from the build output. <see cref="SignInAsync"/> opens a browser context signed in as someone.
/// </summary>
public sealed class AdminUiHost : IAsyncDisposable
{
    public const string AdminPassword = "admin-password-for-tests";

    private readonly WebApplication _app;
    private readonly TempDirectory _root;
    private readonly List<IBrowserContext> _contexts = [];

    private AdminUiHost(WebApplication app, TempDirectory root, LogCapture logs)
    {
        _app = app;
        _root = root;
        Logs = logs;
        AdminUrl = app.Services.GetRequiredService<AdminEndpoint>().BoundUrl;
    }

    /// <summary>The admin base URL, ending in a slash.</summary>
    public string AdminUrl { get; }

    public LogCapture Logs { get; }

    public IServiceProvider Services => _app.Services;

    public ConfigStore Store => Services.GetRequiredService<ConfigStore>();

    internal AdminAccounts Accounts => Services.GetRequiredService<AdminAccounts>();

    public static async Task<AdminUiHost> StartAsync(params string[] args)
    {
        var root = new TempDirectory();
        try
        {
            var settings = new JsonObject
            {
                ["Logging"] = new JsonObject { ["LogLevel"] = new JsonObject { ["Default"] = "Warning" } },
                ["Gateway"] = new JsonObject
                {
                    ["Admin"] = new JsonObject { ["Url"] = "http://127.0.0.1:0", ["BootstrapPassword"] = AdminPassword },
                    ["Listeners"] = new JsonObject { ["web"] = new JsonObject { ["Address"] = "127.0.0.1:0" } },
                },
            };
            await File.WriteAllTextAsync(Path.Combine(root.Path, "appsettings.json"), settings.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            CopyDirectory(Path.Combine(AppContext.BaseDirectory, "wwwroot"), Path.Combine(root.Path, "wwwroot"));
            var logs = new LogCapture();
            var app = await StandaloneHost.StartAsync(args, root.Path, builder => builder.Logging.AddProvider(logs));
            return new AdminUiHost(app, root, logs);
        }
        catch
        {
            root.Dispose();
            throw;
        }
    }

    /// <summary>The URL of a gateway listener.</summary>
    public Uri ListenerUrl(string id, string path = "/") => new(Services.GetRequiredService<IGatewayListeners>().GetUrl(id), path);

    /// <summary>A page in a new browser context, at 1280×800 unless told, not signed in; <paramref name="script"/> false turns JavaScript off.</summary>
    public async Task<IPage> NewPageAsync(IBrowser browser, int width = 1280, int height = 800, bool script = true)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = AdminUrl, ViewportSize = new() { Width = width, Height = height }, JavaScriptEnabled = script });
        context.SetDefaultTimeout(15_000);
        _contexts.Add(context);
        return await context.NewPageAsync();
    }

    /// <summary>A page in a new browser context, signed in as <paramref name="user"/> through the sign-in page.</summary>
    public async Task<IPage> SignInAsync(IBrowser browser, string user = "admin", string password = AdminPassword, bool script = true)
    {
        var page = await NewPageAsync(browser, script: script);
        await page.GotoAsync("signin");
        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // Twice the page timeout: the sign-in verifies a PBKDF2 hash, deliberately slow, and once took more than 15 s on
        // the two-core machine with Chromium and the server sharing it (a full test run, not reproduced alone).
        await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal), new() { Timeout = 30_000 });
        return page;
    }

    /// <summary>Creates another user, for tests about roles.</summary>
    internal async Task CreateUserAsync(string name, string password, AdminRole role)
    {
        var created = await Accounts.CreateUserAsync(name, password, role);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.DisposeAsync();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
        _root.Dispose();
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
