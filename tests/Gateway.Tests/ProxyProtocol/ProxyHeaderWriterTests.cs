using System.Buffers;
using System.Net;
using FsCheck;
using FsCheck.Fluent;
using Gateway.ProxyProtocol;

namespace Gateway.Tests.ProxyProtocol;

public class ProxyHeaderWriterTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(1000);

    private static Gen<IPAddress> Address(bool v6) =>
        Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), v6 ? 16 : 4).Select(bytes => new IPAddress(bytes));

    private static Gen<IPEndPoint> EndPoint(bool v6) =>
        from address in Address(v6)
        from port in Gen.Choose(0, 65535)
        select new IPEndPoint(address, port);

    private static readonly Gen<Dictionary<byte, byte[]>> Tlvs =
        from count in Gen.Choose(0, 4)
        from entries in Gen.ListOf(
            // Not CRC32C (0x03) nor SSL (0x20): the parser checks their contents (tested on their own).
            from type in Gen.Choose(0, 255).Where(t => t is not (0x03 or 0x20))
            from value in Gen.Choose(0, 40).SelectMany(length => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), length))
            select (Type: (byte)type, Value: value), count)
        select entries.DistinctBy(e => e.Type).ToDictionary(e => e.Type, e => e.Value);

    private static readonly Gen<ProxyHeader> Headers =
        from version in Gen.Elements(1, 2)
        from local in Gen.Frequency((1, Gen.Constant(true)), (5, Gen.Constant(false)))
        from v6 in Gen.Elements(false, true)
        from source in EndPoint(v6)
        from destination in EndPoint(v6)
        from tlvs in Tlvs
        select local
            // A LOCAL header's block is skipped by the receiver, TLVs included.
            ? new ProxyHeader(version, true, null, null)
            : new ProxyHeader(version, false, source, destination) { Tlvs = version == 2 ? tlvs : new Dictionary<byte, byte[]>() };

    [Fact]
    public void Parse_of_write_is_the_original_header() =>
        Prop.ForAll(Headers.ToArbitrary(), header =>
        {
            var bytes = ProxyHeaderWriter.Write(header);
            var status = ProxyHeaderParser.TryParse(new ReadOnlySequence<byte>([.. bytes, .. "GET / HTTP/1.1\r\n"u8]), out var parsed, out var consumed, out var error);

            Assert.True(status == ProxyParseStatus.Parsed, error);
            Assert.Equal(bytes.Length, consumed);
            Assert.Equal((header.Version, header.IsLocal, header.Source, header.Destination), (parsed!.Version, parsed.IsLocal, parsed.Source, parsed.Destination));
            Assert.Equal(header.Tlvs.OrderBy(t => t.Key).Select(t => (t.Key, Convert.ToHexString(t.Value))),
                parsed.Tlvs.OrderBy(t => t.Key).Select(t => (t.Key, Convert.ToHexString(t.Value))));
        }).Check(Config);

    [Theory]
    [InlineData(1, "192.0.2.7:40000", "198.51.100.1:443", "PROXY TCP4 192.0.2.7 198.51.100.1 40000 443\r\n")]
    [InlineData(1, "[2001:db8::7]:5555", "[2001:db8::1]:443", "PROXY TCP6 2001:db8::7 2001:db8::1 5555 443\r\n")]
    [InlineData(1, "[::ffff:192.0.2.7]:40000", "[::ffff:127.0.0.1]:8080", "PROXY TCP4 192.0.2.7 127.0.0.1 40000 8080\r\n")]
    [InlineData(1, "192.0.2.7:40000", "[2001:db8::1]:443", "PROXY TCP6 ::ffff:192.0.2.7 2001:db8::1 40000 443\r\n")]
    public void V1_writes_the_line_the_specification_shows(int version, string source, string destination, string expected) =>
        Assert.Equal(expected, System.Text.Encoding.ASCII.GetString(ProxyHeaderWriter.Write(version, IPEndPoint.Parse(source), IPEndPoint.Parse(destination))));

    [Fact]
    public void Without_addresses_v1_says_unknown_and_v2_local()
    {
        Assert.Equal("PROXY UNKNOWN\r\n"u8.ToArray(), ProxyHeaderWriter.Write(1, null, null));
        Assert.Equal([.. ProxyHeaders.V2Signature, 0x20, 0x00, 0x00, 0x00], ProxyHeaderWriter.Write(2, null, null));
    }

    [Fact]
    public void V2_matches_the_bytes_built_by_hand()
    {
        var source = IPEndPoint.Parse("192.0.2.7:40000");
        var destination = IPEndPoint.Parse("198.51.100.1:443");
        Assert.Equal(ProxyHeaders.V2(source, destination), ProxyHeaderWriter.Write(2, source, destination));
    }
}
