using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Gateway.Tests.ProxyProtocol;

/// <summary>Builds PROXY protocol headers, well-formed and otherwise, for tests.</summary>
public static class ProxyHeaders
{
    public static readonly byte[] V2Signature = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    public static byte[] V1(string line) => Encoding.ASCII.GetBytes(line);

    /// <param name="versionCommand">0x21 = version 2, PROXY; 0x20 = LOCAL.</param>
    /// <param name="familyProtocol">0x11 = TCP over IPv4, 0x21 = TCP over IPv6.</param>
    public static byte[] V2(IPEndPoint? source, IPEndPoint? destination, byte versionCommand = 0x21, byte familyProtocol = 0x11,
        IReadOnlyList<(byte Type, byte[] Value)>? tlvs = null, int? lengthOverride = null)
    {
        var body = new List<byte>();
        if (source is not null && destination is not null)
        {
            body.AddRange(source.Address.GetAddressBytes());
            body.AddRange(destination.Address.GetAddressBytes());
            body.AddRange(Port(source.Port));
            body.AddRange(Port(destination.Port));
        }

        foreach (var (type, value) in tlvs ?? [])
        {
            body.Add(type);
            body.AddRange(Port(value.Length));
            body.AddRange(value);
        }

        return [.. V2Signature, versionCommand, familyProtocol, .. Port(lengthOverride ?? body.Count), .. body];
    }

    public static IPEndPoint EndPoint(string text) => IPEndPoint.Parse(text);

    /// <summary>A v2 header with a CRC32C TLV holding the checksum of the header (or <paramref name="corrupt"/>ed one).</summary>
    public static byte[] V2WithCrc(IPEndPoint source, IPEndPoint destination, bool corrupt = false)
    {
        var header = V2(source, destination, tlvs: [(0x03, new byte[4])]);
        var crc = Crc32C(header) ^ (corrupt ? 1u : 0u);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(header.Length - 4), crc);
        return header;
    }

    /// <summary>The SSL TLV's value: client flags (bit 0: the client used TLS), a verify result of 0, then sub-TLVs.</summary>
    public static byte[] SslTlv(byte client, params (byte Type, string Value)[] subTlvs)
    {
        var value = new List<byte> { client, 0, 0, 0, 0 };
        foreach (var (type, text) in subTlvs)
        {
            value.Add(type);
            value.AddRange(Port(Encoding.ASCII.GetByteCount(text)));
            value.AddRange(Encoding.ASCII.GetBytes(text));
        }

        return [.. value];
    }

    /// <summary>CRC-32C, bit by bit (reflected polynomial 0x82F63B78): the reference the gateway's is checked against.</summary>
    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
            }
        }

        return ~crc;
    }

    private static byte[] Port(int value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)value);
        return bytes;
    }
}
