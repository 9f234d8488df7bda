using System.Buffers.Binary;
using System.Numerics;

namespace Gateway.ProxyProtocol;

/// <summary>
/// Reads the TLVs of a PROXY protocol v2 header. The SSL TLV's sub-TLVs (version, CN, cipher,
/// signature and key algorithms) are checked and listed beside the top-level ones under their own
/// types (0x21–0x25, which the specification keeps for them), so fetches read them like any other
/// TLV. A CRC32C TLV must match the header, as the specification asks of a receiver that checks it.
/// </summary>
internal static class ProxyTlvReader
{
    /// <param name="header">The whole header: preamble, addresses and TLVs.</param>
    /// <param name="offset">Where the TLVs start.</param>
    public static bool TryRead(byte[] header, int offset, out Dictionary<byte, byte[]> tlvs, out string? error)
    {
        tlvs = [];
        if (!TryReadList(header.AsSpan(offset), tlvs, "v2 TLV", out error, out var crcOffset))
        {
            return false;
        }

        if (tlvs.TryGetValue(ProxyTlvTypes.Ssl, out var ssl) && !TryReadSsl(ssl, tlvs, out error))
        {
            return false;
        }

        return crcOffset < 0 || CrcMatches(header, offset + crcOffset, tlvs[ProxyTlvTypes.Crc32c], out error);
    }

    private static bool TryReadList(ReadOnlySpan<byte> data, Dictionary<byte, byte[]> tlvs, string what, out string? error, out int crcOffset)
    {
        error = null;
        crcOffset = -1;
        var position = 0;
        while (position < data.Length)
        {
            var rest = data[position..];
            if (rest.Length < 3)
            {
                error = $"a {what} is cut short: {rest.Length} byte(s) left where a type and a length need 3";
                return false;
            }

            var type = rest[0];
            var length = BinaryPrimitives.ReadUInt16BigEndian(rest[1..]);
            if (rest.Length < 3 + length)
            {
                error = $"the {what} of type 0x{type:x2} says {length} bytes but only {rest.Length - 3} remain";
                return false;
            }

            if (type == ProxyTlvTypes.Crc32c)
            {
                crcOffset = position + 3;
            }

            tlvs[type] = rest.Slice(3, length).ToArray();
            position += 3 + length;
        }

        return true;
    }

    /// <summary>The SSL TLV: one byte of client flags, four of verify result, then sub-TLVs.</summary>
    private static bool TryReadSsl(byte[] ssl, Dictionary<byte, byte[]> tlvs, out string? error)
    {
        if (ssl.Length < 5)
        {
            error = $"the v2 SSL TLV is {ssl.Length} byte(s) long; its client and verify fields need 5";
            return false;
        }

        return TryReadList(ssl.AsSpan(5), tlvs, "v2 SSL sub-TLV", out error, out _);
    }

    private static bool CrcMatches(byte[] header, int valueOffset, byte[] value, out string? error)
    {
        error = null;
        if (value.Length != 4)
        {
            error = $"the v2 CRC32C TLV is {value.Length} byte(s) long; it must be 4";
            return false;
        }

        var expected = BinaryPrimitives.ReadUInt32BigEndian(value);
        var copy = (byte[])header.Clone();
        copy.AsSpan(valueOffset, 4).Clear();
        if (Crc32C(copy) != expected)
        {
            error = "the v2 header's CRC32C checksum does not match its bytes";
            return false;
        }

        return true;
    }

    /// <summary>CRC-32C (Castagnoli) as the PROXY protocol uses it; BitOperations runs the CPU's crc32 instruction where there is one.</summary>
    internal static uint Crc32C(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }
}
