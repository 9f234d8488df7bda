using System.Globalization;
using System.Net;

namespace Gateway.Core.Rules.Primitives;

public enum SampleType
{
    Text,
    Number,
    Address,
    Boolean,
}

/// <summary>
/// A value produced by a fetch and passed through converters. Text is a slice so fetches can
/// hand out part of a header or of the query string without copying it.
/// </summary>
public readonly struct Sample
{
    private Sample(SampleType type, ReadOnlyMemory<char> text, long number, IPAddress? address)
    {
        Type = type;
        Text = text;
        Number = number;
        Address = address;
    }

    public SampleType Type { get; }

    public ReadOnlyMemory<char> Text { get; }

    public long Number { get; }

    public IPAddress? Address { get; }

    public static Sample FromText(string text) => new(SampleType.Text, text.AsMemory(), 0, null);

    public static Sample FromText(ReadOnlyMemory<char> text) => new(SampleType.Text, text, 0, null);

    public static Sample FromNumber(long value) => new(SampleType.Number, default, value, null);

    public static Sample FromBoolean(bool value) => new(SampleType.Boolean, default, value ? 1 : 0, null);

    public static Sample FromAddress(IPAddress address) => new(SampleType.Address, default, 0, address);

    /// <summary>The value as text; integers, booleans and addresses are formatted (which allocates).</summary>
    public ReadOnlyMemory<char> AsText() => Type switch
    {
        SampleType.Text => Text,
        SampleType.Number => Number.ToString(CultureInfo.InvariantCulture).AsMemory(),
        SampleType.Boolean => (Number != 0 ? "1" : "0").AsMemory(),
        _ => Address!.ToString().AsMemory(),
    };

    public override string ToString() => AsText().ToString();

    /// <summary>The value as an integer, parsing text when needed.</summary>
    public bool TryGetInteger(out long value)
    {
        if (Type is SampleType.Number or SampleType.Boolean)
        {
            value = Number;
            return true;
        }

        if (Type == SampleType.Text)
        {
            return TryReadLeadingInteger(Text.Span.Trim(), out value);
        }

        value = 0;
        return false;
    }

    /// <summary>
    /// Text to an integer as HAProxy casts it: an optional sign and the digits that follow, ignoring
    /// the rest (<c>12abc</c> is 12, <c>abc</c> is 0); only empty text has no integer.
    /// </summary>
    private static bool TryReadLeadingInteger(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        var negative = text[0] == '-';
        var i = text[0] is '-' or '+' ? 1 : 0;
        var end = i;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        if (end > i && !long.TryParse(text[i..end], NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            return false; // out of range: no integer rather than a wrong one
        }

        value = negative ? -value : value;
        return true;
    }

    /// <summary>The value as an address, parsing text when needed.</summary>
    public bool TryGetAddress(out IPAddress? address)
    {
        if (Type == SampleType.Address)
        {
            address = Address;
            return true;
        }

        address = null;
        return Type == SampleType.Text && IPAddress.TryParse(Text.Span.Trim(), out address);
    }
}
