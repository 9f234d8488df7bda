using Gateway.Core.Configuration;
using Gateway.Listeners;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Gateway.ConfigSources;
using Gateway.Model;

namespace Gateway.Tests.Common;

/// <summary>
/// An ASP.NET Core host with the gateway added, started on real sockets. Listeners in the
/// document should use 127.0.0.1:0; <see cref="Url"/> gives the port each one got.
/// </summary>
public sealed class GatewayTestHost : IAsyncDisposable
{
    public const string AdminUrl = "http://127.0.0.1:9/admin/";

    private readonly WebApplication _app;

    private GatewayTestHost(WebApplication app, InMemoryConfigSource source, LogCapture logs)
    {
        _app = app;
        Source = source;
        Logs = logs;
        Client = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false, AllowAutoRedirect = false });
    }

    /// <summary>
    /// The fixture parameter that picks the HTTP path: <c>GATEWAY_TEST_HTTP_PATH=core</c> serves HTTP/1.1 listeners with
    /// the HTTP/1.1 core, anything else with Kestrel and YARP. test.sh runs the proxying tests both ways, so a difference
    /// between the paths fails a test.
    /// </summary>
    public static bool Http1CoreByDefault { get; } = string.Equals(Environment.GetEnvironmentVariable("GATEWAY_TEST_HTTP_PATH"), "core", StringComparison.OrdinalIgnoreCase);

    public InMemoryConfigSource Source { get; }

    public LogCapture Logs { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public GatewaySnapshot Snapshot => Services.GetRequiredService<IGatewaySnapshotAccessor>().Current;

    public static async Task<GatewayTestHost> StartAsync(GatewayConfig config, Action<WebApplication>? mapHostEndpoints = null, string[]? args = null,
        Action<IServiceCollection>? services = null)
    {
        var source = new InMemoryConfigSource(config);
        var logs = new LogCapture();
        var builder = WebApplication.CreateSlimBuilder(args ?? []);
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        services?.Invoke(builder.Services);
        builder.Services.AddGateway(options =>
        {
            options.AdminUrl = AdminUrl;
            options.Http1CoreByDefault = Http1CoreByDefault;
            options.CoreClientSockets = Http1CoreByDefault;
        }).LoadFrom(source);
        var app = builder.Build();
        mapHostEndpoints?.Invoke(app);
        app.MapGateway();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new GatewayTestHost(app, source, logs);
    }

    /// <summary>A listener of the configuration in force with its binding state, or null.</summary>
    public BoundListener? Listener(string listenerId) =>
        Services.GetRequiredService<IGatewayListeners>().All.FirstOrDefault(l => string.Equals(l.Id, listenerId, StringComparison.OrdinalIgnoreCase));

    /// <summary>Waits (bounded) until the listener reaches <paramref name="state"/>: listener changes are applied in the background.</summary>
    public Task ListenerStateAsync(string listenerId, ListenerState state) =>
        Eventually.TrueAsync(() => Listener(listenerId)?.State == state, $"listener {listenerId} {state}");

    /// <summary>Waits (bounded) until the listener is gone from the configuration in force.</summary>
    public Task ListenerGoneAsync(string listenerId) =>
        Eventually.TrueAsync(() => Listener(listenerId) is null, $"listener {listenerId} removed");

    public Uri Url(string listenerId, string pathAndQuery = "/") =>
        new(Services.GetRequiredService<IGatewayListeners>().GetUrl(listenerId), pathAndQuery);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
