using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gateway.ProxyProtocol;

/// <summary>
/// Writes a PROXY protocol header (HAProxy's <c>send-proxy</c> and <c>send-proxy-v2</c>) for a
/// connection to a server, so the server learns the client's address. What
/// <see cref="ProxyHeaderParser"/> reads back from it is what was written.
/// </summary>
/// <remarks>Written here for the same reason as the parser: no PROXY protocol package is available on this project's mirror.</remarks>
internal static class ProxyHeaderWriter
{
    private static ReadOnlySpan<byte> V2Signature => [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    /// <summary>
    /// The header for a connection from <paramref name="source"/> that arrived at <paramref name="destination"/>.
    /// Without both addresses (a unix socket, say) the header says so: v1 <c>UNKNOWN</c>, v2 LOCAL.
    /// </summary>
    public static byte[] Write(int version, EndPoint? source, EndPoint? destination) =>
        Write(source is IPEndPoint s && destination is IPEndPoint d
            ? new ProxyHeader(version, IsLocal: false, s, d)
            : new ProxyHeader(version, IsLocal: true, null, null));

    public static byte[] Write(ProxyHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (header.Version is not (1 or 2))
        {
            throw new ArgumentOutOfRangeException(nameof(header), header.Version, "PROXY protocol versions are 1 and 2.");
        }

        var addresses = header.IsLocal || header.Source is null || header.Destination is null ? ((IPEndPoint, IPEndPoint)?)null : SameFamily(header.Source, header.Destination);
        return header.Version == 1 ? WriteV1(addresses) : WriteV2(addresses, header.Tlvs);
    }

    private static byte[] WriteV1((IPEndPoint Source, IPEndPoint Destination)? addresses)
    {
        if (addresses is not { } a)
        {
            return "PROXY UNKNOWN\r\n"u8.ToArray();
        }

        var family = a.Source.AddressFamily == AddressFamily.InterNetwork ? "TCP4" : "TCP6";
        return Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"PROXY {family} {a.Source.Address} {a.Destination.Address} {a.Source.Port} {a.Destination.Port}\r\n"));
    }

    private static byte[] WriteV2((IPEndPoint Source, IPEndPoint Destination)? addresses, IReadOnlyDictionary<byte, byte[]> tlvs)
    {
        var addressLength = addresses is null ? 0 : addresses.Value.Source.AddressFamily == AddressFamily.InterNetwork ? 12 : 36;
        var tlvLength = tlvs.Sum(t => 3 + t.Value.Length);
        var length = addressLength + tlvLength;
        if (16 + length > ProxyHeaderParser.MaxV2Length)
        {
            throw new ArgumentException($"The TLVs make the header {16 + length} bytes long; at most {ProxyHeaderParser.MaxV2Length} are allowed.", nameof(tlvs));
        }

        var bytes = new byte[16 + length];
        V2Signature.CopyTo(bytes);
        bytes[12] = addresses is null ? (byte)0x20 : (byte)0x21; // version 2, LOCAL or PROXY
        bytes[13] = addressLength switch { 12 => 0x11, 36 => 0x21, _ => 0x00 }; // TCP over IPv4 / IPv6, or UNSPEC
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(14), (ushort)length);
        var body = bytes.AsSpan(16);
        if (addresses is { } a)
        {
            var size = addressLength == 12 ? 4 : 16;
            a.Source.Address.TryWriteBytes(body, out _);
            a.Destination.Address.TryWriteBytes(body[size..], out _);
            BinaryPrimitives.WriteUInt16BigEndian(body[(2 * size)..], (ushort)a.Source.Port);
            BinaryPrimitives.WriteUInt16BigEndian(body[(2 * size + 2)..], (ushort)a.Destination.Port);
            body = body[addressLength..];
        }

        foreach (var (type, value) in tlvs.OrderBy(t => t.Key))
        {
            body[0] = type;
            BinaryPrimitives.WriteUInt16BigEndian(body[1..], (ushort)value.Length);
            value.CopyTo(body[3..]);
            body = body[(3 + value.Length)..];
        }

        return bytes;
    }

    /// <summary>
    /// Both addresses in one family, as the header requires: IPv4-mapped IPv6 addresses (a
    /// dual-stack socket's view of IPv4 clients) become IPv4, and a remaining mix becomes IPv6.
    /// </summary>
    private static (IPEndPoint, IPEndPoint) SameFamily(IPEndPoint source, IPEndPoint destination)
    {
        var s = Unmapped(source);
        var d = Unmapped(destination);
        if (s.AddressFamily == d.AddressFamily)
        {
            return (s, d);
        }

        return (new IPEndPoint(s.Address.MapToIPv6(), s.Port), new IPEndPoint(d.Address.MapToIPv6(), d.Port));
    }

    // A scope id (fe80::1%eth0) means nothing to the server and has no place in either format.
    private static IPEndPoint Unmapped(IPEndPoint endPoint) =>
        endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port)
        : endPoint.AddressFamily == AddressFamily.InterNetworkV6 && endPoint.Address.ScopeId != 0 ? new IPEndPoint(new IPAddress(endPoint.Address.GetAddressBytes()), endPoint.Port)
        : endPoint;
}
