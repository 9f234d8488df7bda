using Gateway.Admin.Hosting;
using Gateway.Listeners;
using Gateway.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Gateway.Model;

namespace Gateway.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The standalone host, started in-process from a content root of the test's own making
/// (its appsettings.json, its data/ folder), with a log sink the test can read.
/// </summary>
public sealed class StandaloneGateway : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StandaloneGateway(WebApplication app, string contentRoot, LogCapture logs)
    {
        _app = app;
        ContentRoot = contentRoot;
        Logs = logs;
        Client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false });
    }

    public string ContentRoot { get; }

    public LogCapture Logs { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public GatewaySnapshot Snapshot => Services.GetRequiredService<IGatewaySnapshotAccessor>().Current;

    public string Banner => StandaloneHost.Describe(_app);

    /// <summary>Writes <paramref name="appsettingsJson"/> into <paramref name="contentRoot"/> and starts the host there.</summary>
    public static async Task<StandaloneGateway> StartAsync(string contentRoot, string appsettingsJson, params string[] args)
    {
        await File.WriteAllTextAsync(Path.Combine(contentRoot, "appsettings.json"), appsettingsJson);
        var logs = new LogCapture();
        var app = await StandaloneHost.StartAsync(args, contentRoot, builder => builder.Logging.AddProvider(logs));
        return new StandaloneGateway(app, contentRoot, logs);
    }

    public Uri ListenerUrl(string id, string path = "/") => new(Services.GetRequiredService<IGatewayListeners>().GetUrl(id), path);

    public Uri AdminUrl(string path = "/") => new(new Uri(Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Gateway.Model.GatewayOptions>>().Value.AdminUrl!), path);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
