using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Gateway.Listeners;
using Gateway.Tests.Common;
using Microsoft.Extensions.DependencyInjection;
using Gateway.Tcp;

namespace Gateway.Admin.Tests.Api;

/// <summary>TCP-mode traffic and passive health in GET /status.</summary>
public sealed class TcpStatusApiTests
{
    [Fact]
    public async Task Status_CountsBytesAndConnections_PerTcpListenerAndServer_AndShowsConnectFailures()
    {
        using var echo = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        echo.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        echo.Listen(8);
        var echoing = EchoOnceAsync(echo);
        await using var host = await ApiHost.StartAsync();
        var dead = DeadPort();
        using var cluster = await host.SendAsync(HttpMethod.Post, "clusters", ApiHost.Json(new
        {
            id = "db",
            servers = new object[]
            {
                new { id = "dead", address = $"tcp://127.0.0.1:{dead}", weight = 2 },
                new { id = "live", address = $"tcp://127.0.0.1:{((IPEndPoint)echo.LocalEndPoint!).Port}" },
            },
        }));
        using var listener = await host.SendAsync(HttpMethod.Post, "listeners", ApiHost.Json(new { id = "pg", address = "127.0.0.1:0", mode = "tcp", defaultCluster = "db" }));
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (cluster.StatusCode, listener.StatusCode));
        await Eventually.TrueAsync(() => host.Services.GetRequiredService<IGatewayListeners>().All.Any(l => l.Id == "pg" && l.State == ListenerState.Bound), "pg bound");

        using (var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, host.Services.GetRequiredService<IGatewayListeners>().GetUrl("pg").Port));
            await client.SendAsync("hello"u8.ToArray());
            client.Shutdown(SocketShutdown.Send);
            var buffer = new byte[16];
            var total = 0;
            int n;
            while ((n = await client.ReceiveAsync(buffer.AsMemory(total))) > 0)
            {
                total += n;
            }

            Assert.Equal(5, total);
        }

        await echoing.WaitAsync(TimeSpan.FromSeconds(20));
        await Eventually.TrueAsync(() => host.Services.GetRequiredService<TcpTrafficTable>().Listener("pg").Active == 0, "the TCP session to end");
        var status = JsonNode.Parse(await host.Admin.GetStringAsync("status"))!;

        Assert.Equal("""{"id":"pg","connections":1,"active":0,"noServer":0,"bytesIn":5,"bytesOut":5}""", status["tcp"]!["listeners"]!.AsArray().Single()!.ToJsonString());
        var servers = status["tcp"]!["servers"]!.AsArray();
        Assert.Equal("""{"cluster":"db","server":"dead","connections":0,"active":0,"connectFailures":1,"bytesSent":0,"bytesReceived":0}""", servers[0]!.ToJsonString());
        Assert.Equal("""{"cluster":"db","server":"live","connections":1,"active":0,"connectFailures":0,"bytesSent":5,"bytesReceived":5}""", servers[1]!.ToJsonString());
        var deadServer = status["clusters"]!.AsArray().Single(c => c!["id"]!.GetValue<string>() == "db")!["servers"]![0]!;
        Assert.Equal((1L, false, true), (deadServer["connectFailures"]!.GetValue<long>(), deadServer["takesNewTraffic"]!.GetValue<bool>(), deadServer["markedDownUntil"] is not null));
    }

    private static async Task EchoOnceAsync(Socket listener)
    {
        using var connection = await listener.AcceptAsync();
        var buffer = new byte[1024];
        int n;
        while ((n = await connection.ReceiveAsync(buffer)) > 0)
        {
            await connection.SendAsync(buffer.AsMemory(0, n));
        }

        connection.Shutdown(SocketShutdown.Send);
    }

    private static int DeadPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
