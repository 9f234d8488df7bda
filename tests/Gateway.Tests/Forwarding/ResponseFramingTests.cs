using System.Text;
using Gateway.Core.Configuration;
using Gateway.Tests.AccessLog;
using Gateway.Tests.Common;
using Gateway.Tests.Connections;

namespace Gateway.Tests.Forwarding;

/// <summary>
/// A server's response framed both ways (Content-Length and Transfer-Encoding: chunked) is relayed as RFC 9112 §6.3 asks
/// of an intermediary, and as HAProxy does: chunked, its Content-Length removed. Runs on both HTTP paths (test.sh).
/// </summary>
public class ResponseFramingTests
{
    [Fact]
    public async Task AResponseWithContentLengthAndChunked_IsRelayedChunked_WithoutItsContentLength()
    {
        // The length (3) disagrees with the chunked body (5 bytes): a client that believed it would read "hel".
        await using var server = new CannedServer("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"u8.ToArray());
        await using var gateway = await GatewayTestHost.StartAsync(new GatewayConfig
        {
            Listeners = [TestConfigs.Listener()],
            Routes = [TestConfigs.Route("all", "backend")],
            Clusters = [new ClusterConfig { Id = "backend", Servers = [new ServerConfig { Id = "a", Address = server.Url }] }],
        });

        for (var i = 0; i < 2; i++) // the second on a new server connection: the first's is not reused
        {
            var response = await RawHttp.ExchangeAsync(gateway.Url("web"), RawHttp.Get("/x"));

            Assert.NotNull(response);
            var head = response[..response.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
            Assert.StartsWith("HTTP/1.1 200", head, StringComparison.Ordinal);
            Assert.Contains("transfer-encoding: chunked", head, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("content-length", head, StringComparison.OrdinalIgnoreCase);
            Assert.Equal("hello", RawHttp.Body(response));
        }
    }
}
