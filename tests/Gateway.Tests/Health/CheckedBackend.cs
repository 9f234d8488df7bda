using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Tests.Health;

/// <summary>
/// A real backend on 127.0.0.1:0 whose <c>/health</c> answers with <see cref="HealthStatus"/>, which
/// the test changes; every other path answers 200 naming the backend in <c>X-Backend</c>.
/// </summary>
public sealed class CheckedBackend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _healthStatus = StatusCodes.Status200OK;
    private int _checks;
    private int _requests;

    private CheckedBackend(string name, WebApplication app)
    {
        Name = name;
        _app = app;
    }

    public string Name { get; }

    public string Url { get; private set; } = "";

    public int HealthStatus
    {
        get => Volatile.Read(ref _healthStatus);
        set => Volatile.Write(ref _healthStatus, value);
    }

    /// <summary>Health checks answered so far.</summary>
    public int Checks => Volatile.Read(ref _checks);

    /// <summary>Other requests answered so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public static async Task<CheckedBackend> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var backend = new CheckedBackend(name, app);
        app.MapGet("/health", (HttpContext context) =>
        {
            Interlocked.Increment(ref backend._checks);
            context.Response.StatusCode = backend.HealthStatus;
            return Task.CompletedTask;
        });
        app.Map("/{**path}", (HttpContext context) =>
        {
            Interlocked.Increment(ref backend._requests);
            context.Response.Headers["X-Backend"] = name;
            return context.Response.WriteAsync(name);
        });
        await app.StartAsync();
        backend.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/";
        return backend;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
