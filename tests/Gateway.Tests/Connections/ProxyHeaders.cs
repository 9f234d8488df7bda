using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Gateway.Tests.Connections;

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

    private static byte[] Port(int value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)value);
        return bytes;
    }
}
