using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Gateway.Connections;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Gateway.Tests.Http;
using static Gateway.Tests.Common.TestConfigs;
using static Gateway.Tests.ProxyProtocol.ProxyHeaders;

namespace Gateway.Tests.Connections;

public class ProxyProtocolListenerTests(BackendPair backends) : IClassFixture<BackendPair>
{
    private GatewayConfig Config(string? rules = "http-request set-header X-Src %[src]:%[src_port]\nhttp-request set-header X-Dst %[dst]:%[dst_port]") =>
        OneRoute(backends.A) with { Listeners = [Listener() with { AcceptProxy = true, Rules = rules }] };

    [Fact]
    public async Task V1_header_makes_its_client_the_connection_s_client()
    {
        await using var host = await GatewayTestHost.StartAsync(Config());

        var response = await RawHttp.ExchangeAsync(host.Url("web"), [.. V1("PROXY TCP4 192.0.2.7 198.51.100.1 40000 443\r\n"), .. RawHttp.Get("/x")]);

        var echo = Echo(response);
        Assert.Equal("192.0.2.7:40000", echo.Headers["X-Src"]);
        Assert.Equal("198.51.100.1:443", echo.Headers["X-Dst"]);
        Assert.Equal("192.0.2.7", echo.Headers["X-Forwarded-For"]);
    }

    [Fact]
    public async Task V2_header_over_ipv6_and_a_local_health_check()
    {
        await using var host = await GatewayTestHost.StartAsync(Config());

        var proxied = await RawHttp.ExchangeAsync(host.Url("web"), [.. V2(EndPoint("[2001:db8::7]:5555"), EndPoint("[2001:db8::1]:443"), familyProtocol: 0x21), .. RawHttp.Get("/x")]);
        Assert.Equal("2001:db8::7:5555", Echo(proxied).Headers["X-Src"]);

        var local = await RawHttp.ExchangeAsync(host.Url("web"), [.. V2(null, null, versionCommand: 0x20, familyProtocol: 0x00), .. RawHttp.Get("/x")]);
        Assert.StartsWith("127.0.0.1:", Echo(local).Headers["X-Src"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task V2_tlvs_are_available_to_fetches()
    {
        await using var host = await GatewayTestHost.StartAsync(Config(
            "http-request set-header X-Authority %[fc_pp_authority]\nhttp-request set-header X-Alpn %[fc_pp_tlv(0x01)]\n" +
            "http-request set-header X-Client-Cn %[fc_pp_tlv(SSL_CN)]\nhttp-request set-header X-Tls-Version %[fc_pp_tlv(ssl_version)]\n" +
            "http-request set-header X-Client-Tls yes if { fc_pp_ssl }"));
        var header = V2(EndPoint("192.0.2.7:1"), EndPoint("192.0.2.8:2"), tlvs:
        [
            (0x01, "h2"u8.ToArray()), (0x02, "shop.example"u8.ToArray()), (0x20, SslTlv(0x01, (0x21, "TLSv1.3"), (0x22, "client.example"))),
        ]);

        var echo = Echo(await RawHttp.ExchangeAsync(host.Url("web"), [.. header, .. RawHttp.Get("/x")]));
        Assert.Equal("shop.example", echo.Headers["X-Authority"]);
        Assert.Equal("h2", echo.Headers["X-Alpn"]);
        Assert.Equal("client.example", echo.Headers["X-Client-Cn"]);
        Assert.Equal("TLSv1.3", echo.Headers["X-Tls-Version"]);
        Assert.Equal("yes", echo.Headers["X-Client-Tls"]);

        var plain = Echo(await RawHttp.ExchangeAsync(host.Url("web"), [.. V2(EndPoint("192.0.2.7:1"), EndPoint("192.0.2.8:2"), tlvs: [(0x20, SslTlv(0x00))]), .. RawHttp.Get("/x")]));
        Assert.False(plain.Headers.ContainsKey("X-Client-Tls"));
    }

    [Fact]
    public async Task Tcp_request_rules_see_the_client_from_the_proxy_header()
    {
        await using var host = await GatewayTestHost.StartAsync(Config("tcp-request connection reject if { src 203.0.113.0/24 }"));

        Assert.Null(EmptyAsNull(await RawHttp.ExchangeAsync(host.Url("web"), [.. V1("PROXY TCP4 203.0.113.9 198.51.100.1 40000 443\r\n"), .. RawHttp.Get("/x")])));
        Assert.Contains("200 OK", await RawHttp.ExchangeAsync(host.Url("web"), [.. V1("PROXY TCP4 192.0.2.9 198.51.100.1 40000 443\r\n"), .. RawHttp.Get("/x")]), StringComparison.Ordinal);
        Assert.Equal(1, host.Services.GetRequiredService<ConnectionCounters>().Rejected("web"));
    }

    [Fact]
    public async Task Malformed_or_missing_headers_close_the_connection_are_counted_and_logged_once()
    {
        await using var host = await GatewayTestHost.StartAsync(Config());
        var before = backends.A.Requests;
        (string Kind, byte[] Bytes, bool EndAfterSending)[] attempts =
        [
            ("no header", RawHttp.Get("/x"), false),
            ("v1 non-numeric port", [.. V1("PROXY TCP4 192.0.2.7 198.51.100.1 http 443\r\n"), .. RawHttp.Get("/x")], false),
            ("v1 bad family", [.. V1("PROXY TCP9 192.0.2.7 198.51.100.1 1 2\r\n"), .. RawHttp.Get("/x")], false),
            ("v1 line over 107 bytes", [.. V1("PROXY TCP4 " + new string('1', 200)), .. RawHttp.Get("/x")], false),
            ("v1 truncated, then the client ends", V1("PROXY TCP4 192.0.2.7 "), true),
            ("v2 wrong version", [.. V2(EndPoint("192.0.2.7:1"), EndPoint("192.0.2.8:2"), versionCommand: 0x31), .. RawHttp.Get("/x")], false),
            ("v2 unknown command", [.. V2(EndPoint("192.0.2.7:1"), EndPoint("192.0.2.8:2"), versionCommand: 0x22), .. RawHttp.Get("/x")], false),
            ("v2 bad family", [.. V2(EndPoint("192.0.2.7:1"), EndPoint("192.0.2.8:2"), familyProtocol: 0x41), .. RawHttp.Get("/x")], false),
            ("v2 length shorter than its addresses", [.. V2Signature, 0x21, 0x11, 0x00, 0x01, .. RawHttp.Get("/x")], false),
            ("v2 TLV length that lies", [.. Lie(V2(EndPoint("192.0.2.7:1"), EndPoint("192.0.2.8:2"), tlvs: [(0x04, [1, 2, 3])])), .. RawHttp.Get("/x")], false),
            ("v2 CRC32C that does not match", [.. V2WithCrc(EndPoint("192.0.2.7:1"), EndPoint("192.0.2.8:2"), corrupt: true), .. RawHttp.Get("/x")], false),
            ("v2 truncated, then the client ends", [.. V2Signature, 0x21, 0x11, 0x00, 0x0C, 192, 0, 2], true),
        ];

        foreach (var (kind, bytes, endAfterSending) in attempts)
        {
            Assert.True(EmptyAsNull(await RawHttp.ExchangeAsync(host.Url("web"), bytes, endAfterSending)) is null, kind);
        }

        Assert.Equal(before, backends.A.Requests);
        await Eventually.TrueAsync(() => host.Services.GetRequiredService<ConnectionCounters>().ProxyProtocolErrors("web") == attempts.Length, "every bad connection to be counted");
        var warnings = host.Logs.Entries.Where(e => e.Category == "Gateway.Listeners" && e.Level == LogLevel.Warning).ToList();
        Assert.Single(warnings);
        Assert.Contains("did not start with a PROXY protocol signature", warnings[0].Message, StringComparison.Ordinal);

        // The listener still serves well-formed headers after all that.
        Assert.Contains("200 OK", await RawHttp.ExchangeAsync(host.Url("web"), [.. V1("PROXY TCP4 192.0.2.9 198.51.100.1 40000 443\r\n"), .. RawHttp.Get("/x")]), StringComparison.Ordinal);
    }

    /// <summary>Makes the TLV after the IPv4 addresses announce 200 bytes where the header holds 3.</summary>
    private static byte[] Lie(byte[] header)
    {
        header[16 + 12 + 1] = 0;
        header[16 + 12 + 2] = 200;
        return header;
    }

    [Fact]
    public async Task A_header_that_never_completes_is_timed_out_on_the_clock()
    {
        var clock = new ManualTimeProvider();
        await using var host = await GatewayTestHost.StartAsync(Config(), services: s => s.AddSingleton<TimeProvider>(clock));

        // The client connects and sends half a header before the clock moves: the read's timer exists from the accept on, so
        // advancing while the client is still connecting would reset a connection that never got to send.
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(IPAddress.Loopback, host.Url("web").Port);
        await client.SendAsync(V1("PROXY TCP4 192.0.2.7 "));
        await Eventually.TrueAsync(() => clock.HasTimerDueAt(clock.GetUtcNow() + TimeSpan.FromSeconds(5)), "the header read to wait on the clock");
        var answer = ReadUntilClosedAsync(client);
        Assert.False(answer.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(0, await answer.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(1, host.Services.GetRequiredService<ConnectionCounters>().ProxyProtocolErrors("web"));
    }

    [Fact]
    public async Task A_listener_without_accept_proxy_treats_a_proxy_line_as_a_bad_request()
    {
        await using var host = await GatewayTestHost.StartAsync(OneRoute(backends.A));

        var response = await RawHttp.ExchangeAsync(host.Url("web"), [.. V1("PROXY TCP4 192.0.2.7 198.51.100.1 40000 443\r\n"), .. RawHttp.Get("/x")]);
        Assert.StartsWith("HTTP/1.1 400", response, StringComparison.Ordinal);
    }

    /// <summary>How many bytes the gateway sent before it closed or reset the connection.</summary>
    private static async Task<int> ReadUntilClosedAsync(Socket client)
    {
        var buffer = new byte[4096];
        var total = 0;
        try
        {
            int read;
            while ((read = await client.ReceiveAsync(buffer)) > 0)
            {
                total += read;
            }
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset)
        {
        }

        return total;
    }

    private static string? EmptyAsNull(string? response) => string.IsNullOrEmpty(response) ? null : response;

    private static EchoResponse Echo(string? response)
    {
        Assert.NotNull(response);
        Assert.Contains("200 OK", response, StringComparison.Ordinal);
        return JsonSerializer.Deserialize<EchoResponse>(RawHttp.Body(response), JsonSerializerOptions.Web)!;
    }
}
