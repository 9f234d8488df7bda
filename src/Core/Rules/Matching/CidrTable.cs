using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Gateway.Core.Rules.Matching;

/// <summary>
/// Finds every network (address and prefix length) that contains an address: one hash lookup per
/// distinct prefix length, however many networks there are. An IPv4 address and its IPv4-mapped
/// IPv6 form (<c>::ffff:a.b.c.d</c>) are one address, whichever way the address or the network is written.
/// </summary>
internal sealed class CidrTable
{
    private readonly (int Length, Dictionary<uint, int[]> Networks)[] _v4;
    private readonly (int Length, Dictionary<UInt128, int[]> Networks)[] _v6;

    /// <summary><c>::ffff:0:0</c>, the IPv6 form of IPv4 address 0.0.0.0.</summary>
    private static readonly UInt128 MappedPrefix = (UInt128)0xFFFF << 32;

    public CidrTable(IEnumerable<(IPNetwork Network, int Tag)> networks)
    {
        var v4 = new SortedDictionary<int, Dictionary<uint, List<int>>>(Comparer<int>.Create((a, b) => b.CompareTo(a)));
        var v6 = new SortedDictionary<int, Dictionary<UInt128, List<int>>>(Comparer<int>.Create((a, b) => b.CompareTo(a)));
        foreach (var (network, tag) in networks)
        {
            var length = network.PrefixLength;
            if (network.BaseAddress.AddressFamily == AddressFamily.InterNetwork)
            {
                Add(v4, length, Mask(ToUInt32(network.BaseAddress), length), tag);
            }
            else
            {
                Add(v6, length, Mask(ToUInt128(network.BaseAddress), length), tag);
            }
        }

        _v4 = [.. v4.Select(p => (p.Key, p.Value.ToDictionary(e => e.Key, e => e.Value.ToArray())))];
        _v6 = [.. v6.Select(p => (p.Key, p.Value.ToDictionary(e => e.Key, e => e.Value.ToArray())))];
    }

    public bool MatchesAny(IPAddress address)
    {
        var sink = new TagSink([]);
        return Visit(address, ref sink, stopAtFirst: true);
    }

    public void Collect(IPAddress address, ref TagSink sink) => Visit(address, ref sink, stopAtFirst: false);

    private bool Visit(IPAddress address, ref TagSink sink, bool stopAtFirst)
    {
        if (address.IsIPv4MappedToIPv6 || address.AddressFamily == AddressFamily.InterNetwork)
        {
            var value = address.IsIPv4MappedToIPv6 ? (uint)ToUInt128(address) : ToUInt32(address);
            var found = VisitAll(_v4, value, ref sink, stopAtFirst, Mask);
            if (found && stopAtFirst)
            {
                return true;
            }

            // IPv6 networks wider than ::ffff:0:0/96 (e.g. ::/0) contain the mapped form.
            return VisitAll(_v6, MappedPrefix | value, ref sink, stopAtFirst, Mask) || found;
        }

        return VisitAll(_v6, ToUInt128(address), ref sink, stopAtFirst, Mask);
    }

    private static bool VisitAll<T>((int Length, Dictionary<T, int[]> Networks)[] table, T value, ref TagSink sink, bool stopAtFirst, Func<T, int, T> mask)
        where T : notnull
    {
        var found = false;
        foreach (var (length, networks) in table)
        {
            if (networks.TryGetValue(mask(value, length), out var tags))
            {
                if (stopAtFirst)
                {
                    return true;
                }

                found = true;
                sink.Add(tags);
            }
        }

        return found;
    }

    /// <summary>Parses <c>10.0.0.0/8</c>, <c>10.0.0.0/255.0.0.0</c>, <c>2001:db8::/32</c> or a single address.</summary>
    public static bool TryParseNetwork(string text, out IPNetwork network)
    {
        network = default;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out var address))
        {
            return false;
        }

        var max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var length = max;
        if (slash >= 0)
        {
            var lengthText = text[(slash + 1)..];
            if (int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed <= max)
            {
                length = parsed;
            }
            else if (max == 32 && IPAddress.TryParse(lengthText, out var mask) && mask.AddressFamily == AddressFamily.InterNetwork && IsContiguous(ToUInt32(mask), out parsed))
            {
                length = parsed;
            }
            else
            {
                return false;
            }
        }

        // ::ffff:a.b.c.d/96 and longer are IPv4 networks written in IPv6; wider ones stay IPv6.
        if (address.IsIPv4MappedToIPv6 && length >= 96)
        {
            address = address.MapToIPv4();
            length -= 96;
            max = 32;
        }

        // IPNetwork refuses a base address with host bits set; HAProxy accepts it and masks.
        var masked = max == 32 ? FromUInt32(Mask(ToUInt32(address), length)) : FromUInt128(Mask(ToUInt128(address), length));
        network = new IPNetwork(masked, length);
        return true;
    }

    private static void Add<T>(SortedDictionary<int, Dictionary<T, List<int>>> table, int length, T key, int tag)
        where T : notnull
    {
        if (!table.TryGetValue(length, out var networks))
        {
            table[length] = networks = [];
        }

        if (!networks.TryGetValue(key, out var tags))
        {
            networks[key] = tags = [];
        }

        tags.Add(tag);
    }

    private static bool IsContiguous(uint mask, out int length)
    {
        length = System.Numerics.BitOperations.PopCount(mask);
        return mask == (length == 0 ? 0 : uint.MaxValue << (32 - length));
    }

    internal static uint Mask(uint value, int length) => length == 0 ? 0 : value & (uint.MaxValue << (32 - length));

    internal static UInt128 Mask(UInt128 value, int length) => length == 0 ? 0 : value & (UInt128.MaxValue << (128 - length));

    internal static uint ToUInt32(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    internal static UInt128 ToUInt128(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    internal static IPAddress FromUInt32(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }

    internal static IPAddress FromUInt128(UInt128 value)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, value);
        return new IPAddress(bytes);
    }
}
