using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Tests.Common;

/// <summary>
/// A real Kestrel server on 127.0.0.1:0 that answers every request with who it is and what it
/// received. <c>?status=N</c> sets the status, <c>?location=URL</c> sends a Location header; <c>/empty/N</c> answers N without a body;
/// <c>/hold/{key}</c> waits until the test releases it.
/// </summary>
public sealed class BackendServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Hold> _holds = new();
    private int _requests;

    private BackendServer(string name, WebApplication app)
    {
        Name = name;
        _app = app;
    }

    public string Name { get; }

    public string Url { get; private set; } = "";

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<BackendServer> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new BackendServer(name, app);
        app.Use((context, next) =>
        {
            Interlocked.Increment(ref server._requests);
            context.Response.Headers["X-Backend"] = name;
            return next(context);
        });
        app.MapGet("/hold/{key}", async (string key) =>
        {
            var hold = server.GetHold(key);
            hold.Arrived.TrySetResult();
            await hold.Release.Task;
            return Results.Text($"{name}:held", "text/plain");
        });
        // An answer without a body: 204 and 304 as they are, any other status with Content-Length: 0.
        app.Map("/empty/{status:int}", (int status, HttpContext context) =>
        {
            context.Response.StatusCode = status;
            if (status is not (204 or 304))
            {
                context.Response.ContentLength = 0;
            }

            return Task.CompletedTask;
        });
        app.Map("/{**path}", (HttpContext context) =>
        {
            if (int.TryParse(context.Request.Query["status"], out var status))
            {
                context.Response.StatusCode = status;
            }

            if (context.Request.Query["location"] is { Count: > 0 } location)
            {
                context.Response.Headers.Location = location.ToString();
            }

            return Results.Json(new EchoResponse(
                name,
                context.Request.Method,
                context.Request.Path.Value ?? "",
                context.Request.QueryString.Value ?? "",
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)),
                statusCode: context.Response.StatusCode);
        });
        await app.StartAsync();
        server.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/";
        return server;
    }

    /// <summary>Completes when a request to <c>/hold/{key}</c> has reached this backend.</summary>
    public Task Arrived(string key) => GetHold(key).Arrived.Task;

    /// <summary>Lets the held request to <c>/hold/{key}</c> answer.</summary>
    public void Release(string key) => GetHold(key).Release.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        foreach (var hold in _holds.Values)
        {
            hold.Release.TrySetResult();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private Hold GetHold(string key) => _holds.GetOrAdd(key, _ => new Hold());

    private sealed class Hold
    {
        public TaskCompletionSource Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

public sealed record EchoResponse(string Backend, string Method, string Path, string Query, Dictionary<string, string> Headers);
