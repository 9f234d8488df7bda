using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gateway.ProxyProtocol;

internal enum ProxyParseStatus
{
    /// <summary>More bytes are needed.</summary>
    Incomplete,
    Parsed,
    Invalid,
}

/// <summary>
/// Parses a PROXY protocol header (version 1 or 2) from the first bytes of a connection, strictly:
/// anything the specification does not allow is refused with a reason, never guessed at.
/// </summary>
/// <remarks>
/// Written here because no maintained PROXY protocol package is available on this project's
/// package mirror. Follows haproxy.org's proxy-protocol.txt: v1 lines are at most 107 bytes;
/// v2 headers carry a 16-byte preamble, then addresses and TLVs whose lengths must add up.
/// </remarks>
internal static class ProxyHeaderParser
{
    public const int MaxV1Length = 107;

    /// <summary>A v2 header larger than this is refused; real ones carry at most a few hundred bytes of TLVs.</summary>
    public const int MaxV2Length = 16 + 1024;

    private static ReadOnlySpan<byte> V2Signature => [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    private static ReadOnlySpan<byte> V1Prefix => "PROXY "u8;

    public static ProxyParseStatus TryParse(ReadOnlySequence<byte> buffer, out ProxyHeader? header, out long consumed, out string? error)
    {
        header = null;
        consumed = 0;
        error = null;
        Span<byte> start = stackalloc byte[16];
        var available = (int)Math.Min(buffer.Length, start.Length);
        buffer.Slice(0, available).CopyTo(start);
        start = start[..available];

        if (V2Signature.StartsWith(start) || start.StartsWith(V2Signature))
        {
            return ParseV2(buffer, start, out header, out consumed, out error);
        }

        if (V1Prefix.StartsWith(start) || start.StartsWith(V1Prefix))
        {
            return ParseV1(buffer, out header, out consumed, out error);
        }

        error = "the connection did not start with a PROXY protocol signature (v1 'PROXY ' or the v2 binary preamble)";
        return ProxyParseStatus.Invalid;
    }

    private static ProxyParseStatus ParseV1(ReadOnlySequence<byte> buffer, out ProxyHeader? header, out long consumed, out string? error)
    {
        header = null;
        consumed = 0;
        error = null;
        var window = buffer.Slice(0, Math.Min(buffer.Length, MaxV1Length));
        var end = window.PositionOf((byte)'\n');
        if (end is null)
        {
            if (buffer.Length >= MaxV1Length)
            {
                error = $"the v1 header has no line end within {MaxV1Length} bytes";
                return ProxyParseStatus.Invalid;
            }

            return ProxyParseStatus.Incomplete;
        }

        var lineBytes = window.Slice(0, end.Value).ToArray();
        consumed = lineBytes.Length + 1;
        if (lineBytes.Length == 0 || lineBytes[^1] != '\r')
        {
            error = "the v1 header must end with CR LF";
            return ProxyParseStatus.Invalid;
        }

        if (lineBytes.AsSpan(0, lineBytes.Length - 1).IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) >= 0)
        {
            error = "the v1 header contains bytes that are not printable ASCII";
            return ProxyParseStatus.Invalid;
        }

        var parts = Encoding.ASCII.GetString(lineBytes, 0, lineBytes.Length - 1).Split(' ');
        if (parts.Length >= 2 && parts[1] == "UNKNOWN")
        {
            header = new ProxyHeader(1, IsLocal: true, null, null);
            return ProxyParseStatus.Parsed;
        }

        if (parts.Length != 6)
        {
            error = $"the v1 header has {parts.Length} fields; expected PROXY TCP4|TCP6 <source> <destination> <source port> <destination port>";
            return ProxyParseStatus.Invalid;
        }

        var family = parts[1] switch
        {
            "TCP4" => AddressFamily.InterNetwork,
            "TCP6" => AddressFamily.InterNetworkV6,
            _ => AddressFamily.Unknown,
        };
        if (family == AddressFamily.Unknown)
        {
            error = $"the v1 protocol '{parts[1]}' is not TCP4, TCP6 or UNKNOWN";
            return ProxyParseStatus.Invalid;
        }

        if (!TryAddress(parts[2], family, out var source) || !TryAddress(parts[3], family, out var destination))
        {
            error = $"the v1 addresses '{parts[2]}' and '{parts[3]}' are not both {parts[1]} addresses";
            return ProxyParseStatus.Invalid;
        }

        if (!TryPort(parts[4], out var sourcePort) || !TryPort(parts[5], out var destinationPort))
        {
            error = $"the v1 ports '{parts[4]}' and '{parts[5]}' are not both numbers from 0 to 65535";
            return ProxyParseStatus.Invalid;
        }

        header = new ProxyHeader(1, IsLocal: false, new IPEndPoint(source!, sourcePort), new IPEndPoint(destination!, destinationPort));
        return ProxyParseStatus.Parsed;
    }

    private static ProxyParseStatus ParseV2(ReadOnlySequence<byte> buffer, ReadOnlySpan<byte> start, out ProxyHeader? header, out long consumed, out string? error)
    {
        header = null;
        consumed = 0;
        error = null;
        if (start.Length < 16)
        {
            return ProxyParseStatus.Incomplete;
        }

        var versionCommand = start[12];
        if (versionCommand >> 4 != 2)
        {
            error = $"the v2 version is {versionCommand >> 4}; only 2 exists";
            return ProxyParseStatus.Invalid;
        }

        var command = versionCommand & 0x0F;
        if (command > 1)
        {
            error = $"the v2 command is {command}; expected 0 (LOCAL) or 1 (PROXY)";
            return ProxyParseStatus.Invalid;
        }

        var familyProtocol = start[13];
        var length = BinaryPrimitives.ReadUInt16BigEndian(start[14..]);
        if (16 + length > MaxV2Length)
        {
            error = $"the v2 header announces {length} bytes of addresses and TLVs; at most {MaxV2Length - 16} are accepted";
            return ProxyParseStatus.Invalid;
        }

        if (buffer.Length < 16 + length)
        {
            return ProxyParseStatus.Incomplete;
        }

        var whole = buffer.Slice(0, 16 + length).ToArray();
        var body = whole.AsSpan(16);
        consumed = whole.Length;
        if (command == 0)
        {
            // LOCAL (the proxy's own health check): the specification has the receiver keep the real
            // addresses and skip the rest of the block, whatever family it names (as HAProxy does).
            header = new ProxyHeader(2, IsLocal: true, null, null);
            return ProxyParseStatus.Parsed;
        }

        var addressLength = (familyProtocol >> 4) switch
        {
            0x0 => 0,
            0x1 => 12,
            0x2 => 36,
            0x3 => 216,
            _ => -1,
        };
        if (addressLength < 0 || (familyProtocol & 0x0F) > 2)
        {
            error = $"the v2 address family and protocol byte 0x{familyProtocol:x2} is not defined";
            return ProxyParseStatus.Invalid;
        }

        if (body.Length < addressLength)
        {
            error = $"the v2 header is {length} bytes long, too short for its {addressLength} bytes of addresses";
            return ProxyParseStatus.Invalid;
        }

        if (!ProxyTlvReader.TryRead(whole, 16 + addressLength, out var tlvs, out error))
        {
            return ProxyParseStatus.Invalid;
        }

        if ((familyProtocol & 0x0F) != 0x1 || addressLength is not (12 or 36))
        {
            // UNSPEC, UDP and unix sockets carry no TCP client address; the receiver keeps the real one.
            header = new ProxyHeader(2, IsLocal: true, null, null) { Tlvs = tlvs };
            return ProxyParseStatus.Parsed;
        }

        var size = addressLength == 12 ? 4 : 16;
        var addresses = body[..addressLength];
        var source = new IPEndPoint(new IPAddress(addresses[..size]), BinaryPrimitives.ReadUInt16BigEndian(addresses[(2 * size)..]));
        var destination = new IPEndPoint(new IPAddress(addresses.Slice(size, size)), BinaryPrimitives.ReadUInt16BigEndian(addresses[(2 * size + 2)..]));
        header = new ProxyHeader(2, IsLocal: false, source, destination) { Tlvs = tlvs };
        return ProxyParseStatus.Parsed;
    }

    private static bool TryAddress(string text, AddressFamily family, out IPAddress? address) =>
        IPAddress.TryParse(text, out address) && address.AddressFamily == family && (family != AddressFamily.InterNetwork || text.Count(c => c == '.') == 3);

    private static bool TryPort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= IPEndPoint.MaxPort && (text.Length == 1 || text[0] != '0');
}
