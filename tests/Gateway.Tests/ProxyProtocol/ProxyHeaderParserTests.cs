using System.Buffers;
using System.Net;
using System.Text;
using static Gateway.Tests.ProxyProtocol.ProxyHeaders;
using Gateway.ProxyProtocol;

namespace Gateway.Tests.ProxyProtocol;

public class ProxyHeaderParserTests
{
    [Theory]
    [InlineData("PROXY TCP4 192.0.2.7 198.51.100.1 40000 443\r\n", "192.0.2.7:40000", "198.51.100.1:443")]
    [InlineData("PROXY TCP6 2001:db8::7 2001:db8::1 40000 8443\r\n", "[2001:db8::7]:40000", "[2001:db8::1]:8443")]
    [InlineData("PROXY TCP4 0.0.0.0 255.255.255.255 0 65535\r\n", "0.0.0.0:0", "255.255.255.255:65535")]
    public void V1_gives_the_client_and_the_address_it_connected_to(string line, string source, string destination)
    {
        var header = Parse([.. V1(line), .. "GET / HTTP/1.1\r\n"u8], out var consumed);

        Assert.Equal(1, header.Version);
        Assert.False(header.IsLocal);
        Assert.Equal(IPEndPoint.Parse(source), header.Source);
        Assert.Equal(IPEndPoint.Parse(destination), header.Destination);
        Assert.Equal(line.Length, consumed);
    }

    [Fact]
    public void V1_unknown_keeps_the_connection_addresses()
    {
        var header = Parse(V1("PROXY UNKNOWN\r\n"), out _);
        Assert.True(header.IsLocal);
        Assert.Null(header.Source);
    }

    [Fact]
    public void V2_gives_addresses_and_tlvs()
    {
        var bytes = V2(EndPoint("192.0.2.7:40000"), EndPoint("198.51.100.1:443"), tlvs:
        [
            (ProxyTlvTypes.Alpn, "h2"u8.ToArray()),
            (ProxyTlvTypes.Authority, "shop.example"u8.ToArray()),
            (ProxyTlvTypes.Ssl, [0x01, 0, 0, 0, 0]),
        ]);

        var header = Parse([.. bytes, .. "GET"u8], out var consumed);

        Assert.Equal(2, header.Version);
        Assert.Equal(EndPoint("192.0.2.7:40000"), header.Source);
        Assert.Equal(EndPoint("198.51.100.1:443"), header.Destination);
        Assert.Equal("h2", header.Alpn);
        Assert.Equal("shop.example", header.Authority);
        Assert.True(header.ClientUsedTls);
        Assert.Equal(bytes.Length, consumed);
    }

    [Fact]
    public void V2_over_ipv6_and_local_command()
    {
        Assert.Equal(EndPoint("[2001:db8::7]:1234"), Parse(V2(EndPoint("[2001:db8::7]:1234"), EndPoint("[2001:db8::1]:443"), familyProtocol: 0x21), out _).Source);

        var local = Parse(V2(null, null, versionCommand: 0x20, familyProtocol: 0x00), out _);
        Assert.True(local.IsLocal);
        Assert.Null(local.Source);
    }

    [Fact]
    public void V2_local_command_keeps_the_connection_addresses_whatever_its_block_holds()
    {
        // The specification has a receiver ignore a LOCAL header's family and block, as HAProxy does.
        var local = Parse([.. V2Signature, 0x20, 0xFF, 0x00, 0x03, 0x01, 0x02, 0x03], out var consumed);

        Assert.True(local.IsLocal);
        Assert.Null(local.Source);
        Assert.Equal(19, consumed);
    }

    [Fact]
    public void V2_ssl_tlv_gives_the_client_flag_and_its_sub_tlvs()
    {
        var ssl = SslTlv(0x01, (0x21, "TLSv1.3"), (0x22, "client.example"), (0x23, "TLS_AES_128_GCM_SHA256"));
        var header = Parse(V2(EndPoint("192.0.2.7:1"), EndPoint("192.0.2.8:2"), tlvs: [(ProxyTlvTypes.Ssl, ssl)]), out _);

        Assert.True(header.ClientUsedTls);
        Assert.Equal("TLSv1.3", Encoding.ASCII.GetString(header.Tlvs[ProxyTlvTypes.SslVersion]));
        Assert.Equal("client.example", Encoding.ASCII.GetString(header.Tlvs[ProxyTlvTypes.SslCommonName]));
        Assert.Equal("TLS_AES_128_GCM_SHA256", Encoding.ASCII.GetString(header.Tlvs[ProxyTlvTypes.SslCipher]));
        Assert.False(Parse(V2(EndPoint("192.0.2.7:1"), EndPoint("192.0.2.8:2"), tlvs: [(ProxyTlvTypes.Ssl, SslTlv(0x00))]), out _).ClientUsedTls);
    }

    [Fact]
    public void V2_with_a_matching_crc32c_is_accepted()
    {
        var header = Parse(V2WithCrc(EndPoint("192.0.2.7:1"), EndPoint("192.0.2.8:2")), out _);
        Assert.Equal(EndPoint("192.0.2.7:1"), header.Source);
    }

    [Fact]
    public void Crc32c_matches_the_published_check_value()
    {
        // The check value of CRC-32C over the ASCII digits 1 to 9 (RFC 3720, and every CRC catalogue).
        Assert.Equal(0xE3069283u, ProxyTlvReader.Crc32C("123456789"u8));
        Assert.Equal(Crc32C("PROXY protocol"u8), ProxyTlvReader.Crc32C("PROXY protocol"u8));
    }

    [Fact]
    public void Every_prefix_of_a_valid_header_is_incomplete_not_invalid()
    {
        byte[][] headers = [V1("PROXY TCP4 192.0.2.7 198.51.100.1 40000 443\r\n"), V2(EndPoint("192.0.2.7:1"), EndPoint("192.0.2.8:2"), tlvs: [(0x05, [1, 2, 3])])];
        foreach (var bytes in headers)
        {
            for (var length = 0; length < bytes.Length; length++)
            {
                Assert.Equal(ProxyParseStatus.Incomplete, ProxyHeaderParser.TryParse(new ReadOnlySequence<byte>(bytes, 0, length), out _, out _, out _));
            }
        }
    }

    public static TheoryData<string, byte[], string> Malformed => new()
    {
        { "wrong signature", "GET / HTTP/1.1\r\nHost: a\r\n\r\n"u8.ToArray(), "did not start with a PROXY protocol signature" },
        { "v1 line too long", V1("PROXY TCP4 " + new string('1', 120) + "\r\n"), "no line end within 107 bytes" },
        { "v1 LF without CR", V1("PROXY TCP4 192.0.2.7 198.51.100.1 40000 443\n"), "must end with CR LF" },
        { "v1 unknown family", V1("PROXY TCP5 192.0.2.7 198.51.100.1 40000 443\r\n"), "is not TCP4, TCP6 or UNKNOWN" },
        { "v1 non-numeric port", V1("PROXY TCP4 192.0.2.7 198.51.100.1 http 443\r\n"), "are not both numbers" },
        { "v1 port out of range", V1("PROXY TCP4 192.0.2.7 198.51.100.1 40000 70000\r\n"), "are not both numbers" },
        { "v1 port with leading zero", V1("PROXY TCP4 192.0.2.7 198.51.100.1 040000 443\r\n"), "are not both numbers" },
        { "v1 address of the other family", V1("PROXY TCP4 2001:db8::7 198.51.100.1 40000 443\r\n"), "are not both TCP4 addresses" },
        { "v1 missing field", V1("PROXY TCP4 192.0.2.7 198.51.100.1 40000\r\n"), "has 5 fields" },
        { "v1 control byte", V1("PROXY TCP4 192.0.2.7\t198.51.100.1 40000 443\r\n"), "not printable ASCII" },
        { "v2 wrong version", V2(EndPoint("192.0.2.7:1"), EndPoint("192.0.2.8:2"), versionCommand: 0x11), "only 2 exists" },
        { "v2 unknown command", V2(EndPoint("192.0.2.7:1"), EndPoint("192.0.2.8:2"), versionCommand: 0x22), "expected 0 (LOCAL) or 1 (PROXY)" },
        { "v2 undefined family", V2(EndPoint("192.0.2.7:1"), EndPoint("192.0.2.8:2"), familyProtocol: 0x41), "is not defined" },
        { "v2 length shorter than the addresses", V2(null, null, familyProtocol: 0x11, tlvs: [(0x04, [0, 0, 0])]), "too short for its 12 bytes of addresses" },
        { "v2 TLV length that lies", TlvThatLies(), "says 200 bytes" },
        { "v2 oversized", V2(null, null, familyProtocol: 0x00, versionCommand: 0x20, tlvs: [(0x04, new byte[2000])]), "at most 1024 are accepted" },
        { "v2 CRC32C that does not match", V2WithCrc(EndPoint("192.0.2.7:1"), EndPoint("192.0.2.8:2"), corrupt: true), "CRC32C checksum does not match" },
        { "v2 CRC32C of the wrong size", V2(EndPoint("192.0.2.7:1"), EndPoint("192.0.2.8:2"), tlvs: [(0x03, [1, 2])]), "it must be 4" },
        { "v2 SSL TLV too short", V2(EndPoint("192.0.2.7:1"), EndPoint("192.0.2.8:2"), tlvs: [(0x20, [1, 0])]), "its client and verify fields need 5" },
        { "v2 SSL sub-TLV length that lies", V2(EndPoint("192.0.2.7:1"), EndPoint("192.0.2.8:2"), tlvs: [(0x20, [1, 0, 0, 0, 0, 0x22, 0, 9, 0x41])]), "SSL sub-TLV of type 0x22 says 9 bytes" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_headers_are_refused_with_a_reason(string kind, byte[] bytes, string reason)
    {
        Assert.Equal(ProxyParseStatus.Invalid, ProxyHeaderParser.TryParse(new ReadOnlySequence<byte>(bytes), out _, out _, out var error));
        Assert.True(error!.Contains(reason, StringComparison.Ordinal), $"{kind}: {error}");
    }

    private static byte[] TlvThatLies()
    {
        // Addresses, then a TLV announcing 200 bytes; the header's own length covers only 3 of them.
        var header = V2(EndPoint("192.0.2.7:1"), EndPoint("192.0.2.8:2"), tlvs: [(0x04, [1, 2, 3])]);
        header[16 + 12 + 1] = 0;
        header[16 + 12 + 2] = 200;
        return header;
    }

    private static ProxyHeader Parse(byte[] bytes, out long consumed)
    {
        var status = ProxyHeaderParser.TryParse(new ReadOnlySequence<byte>(bytes), out var header, out consumed, out var error);
        Assert.True(status == ProxyParseStatus.Parsed, error ?? Encoding.ASCII.GetString(bytes));
        return header!;
    }
}
