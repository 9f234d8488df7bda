using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Gateway.Admin.Hosting;
using Gateway.Listeners;
using Microsoft.AspNetCore.Connections;
using Gateway.Admin.Tests.Api;
using Gateway.Tests.Common;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gateway.Admin.Tests.Hosting;

/// <summary><c>Gateway:Runtime</c>: the standalone host's I/O settings reach Kestrel's socket transport, and the host still proxies and serves its admin API with them.</summary>
public class RuntimeSettingsTests
{
    [Fact]
    public async Task InlineIoOffAndSocketOptions_ReachKestrelsTransport_AndTheHostStillProxiesAndAnswersItsApi()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        await using var host = await ApiHost.StartAsync(backend, args: ["--Gateway:Runtime:InlineIo=false", "--Gateway:Runtime:Sockets:WaitForDataBeforeAllocatingBuffer=false"]);

        var sockets = host.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value;
        Assert.False(sockets.UnsafePreferInlineScheduling);
        Assert.False(sockets.WaitForDataBeforeAllocatingBuffer);
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        for (var i = 0; i < 3; i++)
        {
            using var proxied = await client.GetAsync(host.ListenerUrl($"/item/{i}"));
            Assert.Equal(HttpStatusCode.OK, proxied.StatusCode);
        }

        using var status = await host.Admin.GetAsync("status");
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
    }

    [Fact]
    public async Task WithoutRuntimeSettings_InlineIoIsOn_ReceiveBlocksAre64KiB_AndKestrelKeepsItsOtherTransportDefaults()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        await using var host = await ApiHost.StartAsync(backend);

        var sockets = host.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value;
        Assert.True(sockets.UnsafePreferInlineScheduling);
        Assert.Equal(new SocketTransportOptions().WaitForDataBeforeAllocatingBuffer, sockets.WaitForDataBeforeAllocatingBuffer);
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var proxied = await client.GetAsync(host.ListenerUrl("/item/1"));
        Assert.Equal(HttpStatusCode.OK, proxied.StatusCode);
        using var status = await host.Admin.GetAsync("status");
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        var factory = Assert.IsType<ReceiveBlockPoolFactory>(host.Services.GetRequiredService<IMemoryPoolFactory<byte>>());
        Assert.Equal(64 * 1024, factory.BlockSize);
    }

    [Fact]
    public async Task ReceiveBlockSizeZero_KeepsKestrelsOwnPool_AndTheHostStillProxies()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        await using var host = await ApiHost.StartAsync(backend, args: ["--Gateway:Runtime:ReceiveBlockSize=0"]);

        Assert.IsNotType<ReceiveBlockPoolFactory>(host.Services.GetRequiredService<IMemoryPoolFactory<byte>>());
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var proxied = await client.GetAsync(host.ListenerUrl("/item/1"));
        Assert.Equal(HttpStatusCode.OK, proxied.StatusCode);
    }

    [Fact]
    public async Task ReceiveBlockSize_GivesTheTransportOurPoolOfThatSize_AndATcpListenerRelaysAnUploadIntact()
    {
        // A byte sink: reads one connection to its end and hashes what it got.
        using var sink = new TcpListener(IPAddress.Loopback, 0);
        sink.Start();
        var received = Task.Run(async () =>
        {
            using var server = await sink.AcceptTcpClientAsync();
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[81920];
            long total = 0;
            int read;
            while ((read = await server.GetStream().ReadAsync(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                total += read;
            }

            return (total, hash.GetHashAndReset());
        });
        var sinkPort = ((IPEndPoint)sink.LocalEndpoint).Port;
        await using var host = await ApiHost.StartAsync(args:
        [
            "--Gateway:Runtime:ReceiveBlockSize=131072",
            "--Gateway:Listeners:tcp:Address=127.0.0.1:0", "--Gateway:Listeners:tcp:Mode=tcp", "--Gateway:Listeners:tcp:DefaultCluster=sink",
            $"--Gateway:Clusters:sink:Servers:s1:Address=tcp://127.0.0.1:{sinkPort}",
        ]);

        var factory = Assert.IsType<ReceiveBlockPoolFactory>(host.Services.GetRequiredService<IMemoryPoolFactory<byte>>());
        Assert.Equal(131072, factory.BlockSize);
        Assert.True(factory.PoolsCreated > 0, "the socket transport should take its pools from the factory");

        var upload = new byte[4 * 1024 * 1024 + 123];
        Random.Shared.NextBytes(upload);
        var port = host.Services.GetRequiredService<IGatewayListeners>().GetUrl("tcp").Port;
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            await client.GetStream().WriteAsync(upload);
            client.Client.Shutdown(SocketShutdown.Send);
            var (total, digest) = await received.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(upload.Length, total);
            Assert.Equal(SHA256.HashData(upload), digest);
        }
    }

    [Theory]
    [InlineData("100")]
    [InlineData("2000000")]
    [InlineData("-1")]
    public async Task ABadReceiveBlockSize_StopsTheHostWithAClearError(string size)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ApiHost.StartAsync(args: [$"--Gateway:Runtime:ReceiveBlockSize={size}"]));
        Assert.Contains("Gateway:Runtime:ReceiveBlockSize", error.Message, StringComparison.Ordinal);
    }
}
