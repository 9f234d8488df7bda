using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Admin.Hosting;
using Gateway.Admin.Store;
using Gateway.Listeners;
using Gateway.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Admin.Tests.Api;

/// <summary>
/// The standalone host on 127.0.0.1:0 with a real SQLite file, its admin API reached over real HTTP
/// with the bootstrap admin token, and optionally a clock the test moves.
/// </summary>
public sealed class ApiHost : IAsyncDisposable
{
    public const string AdminToken = "gw_test-bootstrap-token-0123456789abcdefghijk";
    private const string AdminSection = "Admin";
    private static readonly JsonSerializerOptions WriteOptions = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    private readonly WebApplication _app;
    private readonly TempDirectory? _ownedRoot;

    private ApiHost(WebApplication app, string root, TempDirectory? ownedRoot, LogCapture logs)
    {
        _app = app;
        _ownedRoot = ownedRoot;
        Root = root;
        Logs = logs;
        AdminUrl = new Uri(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Gateway.Model.GatewayOptions>>().Value.AdminUrl!);
        Admin = Client(AdminToken);
    }

    public string Root { get; }

    public LogCapture Logs { get; }

    public Uri AdminUrl { get; }

    /// <summary>A client of the admin API authenticated with the bootstrap admin token.</summary>
    public HttpClient Admin { get; }

    public IServiceProvider Services => _app.Services;

    public ConfigStore Store => Services.GetRequiredService<ConfigStore>();

    public string Banner => StandaloneHost.Describe(_app);

    /// <summary>
    /// Starts a host whose appsettings.json has listener "web" and, with <paramref name="backend"/>, a
    /// catch-all route "all" to cluster "backend". <paramref name="args"/> override settings as on a command line.
    /// </summary>
    public static async Task<ApiHost> StartAsync(BackendServer? backend = null, TimeProvider? clock = null, string? root = null, bool bootstrapToken = true, params string[] args)
    {
        var owned = root is null ? new TempDirectory() : null;
        root ??= owned!.Path;
        var admin = new JsonObject { ["Url"] = "http://127.0.0.1:0", ["AuthFailureLimit"] = 100 };
        var gateway = new JsonObject
        {
            [AdminSection] = admin,
            ["Listeners"] = new JsonObject { ["web"] = new JsonObject { ["Address"] = "127.0.0.1:0" } },
        };
        if (bootstrapToken)
        {
            admin["BootstrapToken"] = AdminToken;
        }

        if (backend is not null)
        {
            gateway["Routes"] = new JsonObject { ["all"] = new JsonObject { ["Path"] = "/{**catch-all}", ["Cluster"] = "backend" } };
            gateway["Clusters"] = new JsonObject { ["backend"] = new JsonObject { ["Servers"] = new JsonObject { ["s1"] = new JsonObject { ["Address"] = backend.Url } } } };
        }

        var settings = new JsonObject
        {
            ["Logging"] = new JsonObject { ["LogLevel"] = new JsonObject { ["Default"] = "Information", ["Microsoft.AspNetCore"] = "Warning" } },
            ["Gateway"] = gateway,
        };
        await File.WriteAllTextAsync(Path.Combine(root, "appsettings.json"), settings.ToJsonString());
        var logs = new LogCapture();
        var app = await StandaloneHost.StartAsync(args, root, builder =>
        {
            builder.Logging.AddProvider(logs);
            if (clock is not null)
            {
                builder.Services.AddSingleton(clock);
            }
        });
        return new ApiHost(app, root, owned, logs);
    }

    /// <summary>A client of the admin API presenting <paramref name="token"/> (none when null).</summary>
    public HttpClient Client(string? token)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(AdminUrl, "/api/v1/") };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public Uri ListenerUrl(string path = "/") => new(Services.GetRequiredService<IGatewayListeners>().GetUrl("web"), path);

    public long Revision => Store.Read().Revision;

    /// <summary>Creates a user with <paramref name="role"/> and a token for them; returns the token.</summary>
    public async Task<string> TokenAsync(string user, string role, DateTimeOffset? expires = null)
    {
        using var created = await Admin.PostAsync("users", Json(new { name = user, password = "a long enough password", role }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var token = await Admin.PostAsync("tokens", Json(new { name = $"{user} token", role, owner = user, expiresUtc = expires }));
        Assert.Equal(HttpStatusCode.Created, token.StatusCode);
        return (await ReadJsonAsync(token))["token"]!.GetValue<string>();
    }

    public static StringContent Json(object value) =>
        new(JsonSerializer.Serialize(value, WriteOptions), Encoding.UTF8, "application/json");

    public static StringContent Json(string text, string mediaType = "application/json") => new(text, Encoding.UTF8, mediaType);

    public static async Task<JsonNode> ReadJsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("empty body");

    /// <summary>Sends with If-Match naming <paramref name="revision"/> (the latest when null).</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null, long? revision = null, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{revision ?? Revision}\""));
        return await (client ?? Admin).SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _ownedRoot?.Dispose();
    }
}
