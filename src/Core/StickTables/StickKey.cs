using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Gateway.Core.StickTables;

/// <summary>
/// A stick-table key: an address or an integer held in 128 bits, or text. IPv4 addresses are held in
/// their IPv4-mapped IPv6 form, so a client reaching a dual-stack listener either way is one key.
/// </summary>
public readonly struct StickKey : IEquatable<StickKey>
{
    /// <summary>Text keys are cut here, as HAProxy cuts string keys at the table's length, so an entry's size is bounded.</summary>
    public const int MaxTextLength = 128;

    private StickKey(UInt128 bits, string? text)
    {
        Bits = bits;
        Text = text;
    }

    internal UInt128 Bits { get; }

    /// <summary>The key of a string or binary table; null for addresses and integers.</summary>
    public string? Text { get; }

    public static StickKey FromAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            bytes[..10].Clear();
            bytes[10] = 0xff;
            bytes[11] = 0xff;
            address.TryWriteBytes(bytes[12..], out _);
        }
        else
        {
            address.TryWriteBytes(bytes, out _);
        }

        return new(BinaryPrimitives.ReadUInt128BigEndian(bytes), null);
    }

    public static StickKey FromInteger(long value) => new((UInt128)(ulong)value, null);

    public static StickKey FromText(ReadOnlySpan<char> text) =>
        new(0, (text.Length > MaxTextLength ? text[..MaxTextLength] : text).ToString());

    /// <summary>Reads a key typed as the admin API and the pages write it (<c>10.0.0.1</c>, <c>42</c>, <c>abc</c>).</summary>
    public static bool TryParse(Configuration.StickKeyType type, string text, out StickKey key)
    {
        key = default;
        switch (type)
        {
            case Configuration.StickKeyType.Address when IPAddress.TryParse(text, out var address):
                key = FromAddress(address);
                return true;
            case Configuration.StickKeyType.Number when long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number):
                key = FromInteger(number);
                return true;
            case Configuration.StickKeyType.Text or Configuration.StickKeyType.Binary:
                key = FromText(text);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The key as the admin API shows it.</summary>
    public string Format(Configuration.StickKeyType type)
    {
        if (Text is not null)
        {
            return Text;
        }

        if (type == Configuration.StickKeyType.Number)
        {
            return ((long)(ulong)Bits).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, Bits);
        var address = new IPAddress(bytes);
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4().ToString() : address.ToString();
    }

    public bool Equals(StickKey other) => Bits == other.Bits && string.Equals(Text, other.Text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is StickKey other && Equals(other);

    public override int GetHashCode() => Text is null ? Bits.GetHashCode() : Text.GetHashCode(StringComparison.Ordinal);

    public static bool operator ==(StickKey left, StickKey right) => left.Equals(right);

    public static bool operator !=(StickKey left, StickKey right) => !left.Equals(right);
}
