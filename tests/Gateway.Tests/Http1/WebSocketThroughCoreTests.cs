using System.Net;
using System.Net.WebSockets;
using System.Text;
using Gateway.Core.Configuration;
using Gateway.Http1.Proxy;
using Gateway.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Gateway.Tests.Common.TestConfigs;

namespace Gateway.Tests.Http1;

/// <summary>
/// A WebSocket through a listener the HTTP/1.1 core serves: the core hands the <c>Upgrade</c> request, unread, to Kestrel
/// and YARP, which tunnel it; messages go both ways end to end.
/// </summary>
public class WebSocketThroughCoreTests
{
    [Fact]
    public async Task AWebSocket_OnACoreListener_IsHandedToKestrel_AndEchoesBothWays()
    {
        await using var echo = await EchoServer.StartAsync();
        await using var host = await GatewayTestHost.StartAsync(new GatewayConfig
        {
            Listeners = [Listener() with { Http1Core = true }],
            Routes = [Route("all", "c")],
            Clusters = [new ClusterConfig { Id = "c", Servers = [new ServerConfig { Id = "s", Address = echo.Url }] }],
        });
        var core = host.Services.GetRequiredService<Http1Services>();
        var handedOff = core.HandedOff;
        var url = host.Url("web");

        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(new Uri($"ws://{url.Host}:{url.Port}/ws"), timeout.Token);
        var received = new List<string>();
        var buffer = new byte[1024];
        foreach (var message in new[] { "hello", "through the core" })
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            received.Add(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);

        Assert.Equal(["echo: hello", "echo: through the core"], received);
        Assert.Equal(handedOff + 1, core.HandedOff);
    }

    /// <summary>A Kestrel server whose <c>/ws</c> answers each WebSocket text message with "echo: " and the message.</summary>
    private sealed class EchoServer : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private EchoServer(WebApplication app, string url)
        {
            _app = app;
            Url = url;
        }

        public string Url { get; }

        public static async Task<EchoServer> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            app.UseWebSockets();
            app.Map("/ws", async (HttpContext context) =>
            {
                if (!context.WebSockets.IsWebSocketRequest)
                {
                    context.Response.StatusCode = 400;
                    return;
                }

                using var socket = await context.WebSockets.AcceptWebSocketAsync();
                var buffer = new byte[1024];
                while (true)
                {
                    var result = await socket.ReceiveAsync(buffer, context.RequestAborted);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", context.RequestAborted);
                        return;
                    }

                    var answer = Encoding.UTF8.GetBytes("echo: " + Encoding.UTF8.GetString(buffer, 0, result.Count));
                    await socket.SendAsync(answer, WebSocketMessageType.Text, endOfMessage: true, context.RequestAborted);
                }
            });
            await app.StartAsync();
            var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/";
            return new EchoServer(app, url);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
