using System.Buffers;

namespace Gateway.Http1.Parsing;

/// <summary>
/// The character classes of RFC 9110/9112 the parsers check bytes against, as <see cref="SearchValues{T}"/> so each
/// check is one vectorised scan of the span rather than a table lookup per byte.
/// </summary>
internal static class HttpChars
{
    private static readonly SearchValues<byte> Token = SearchValues.Create(Build(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal)));

    // The path characters whose meaning is the same before and after Kestrel decodes and normalizes a path: no '%'
    // (decoding), no '\' and nothing outside ASCII. Dot segments are checked apart. A path with anything else goes to
    // Kestrel, so both paths route on the same string.
    private static readonly SearchValues<byte> PlainPath = SearchValues.Create(Build(c => char.IsAsciiLetterOrDigit(c) || "-._~!$&'()*+,;=:@/".Contains(c, StringComparison.Ordinal)));

    private static byte[] Build(Func<char, bool> member)
    {
        var members = new List<byte>();
        for (var c = 0; c < 128; c++)
        {
            if (member((char)c))
            {
                members.Add((byte)c);
            }
        }

        return [.. members];
    }

    public static bool IsToken(ReadOnlySpan<byte> span) => !span.IsEmpty && span.IndexOfAnyExcept(Token) < 0;

    public static bool IsPlainPath(ReadOnlySpan<byte> span) =>
        span.IndexOfAnyExcept(PlainPath) < 0
        && span.IndexOf("/./"u8) < 0 && span.IndexOf("/../"u8) < 0 && !span.EndsWith("/.."u8) && !span.EndsWith("/."u8);

    /// <summary>Visible ASCII without '#': what a query may hold on this core (anything else goes to Kestrel).</summary>
    public static bool IsPlainQuery(ReadOnlySpan<byte> span) =>
        span.IndexOfAnyExceptInRange((byte)0x21, (byte)0x7E) < 0 && span.IndexOf((byte)'#') < 0;

    /// <summary>
    /// The span without optional whitespace (spaces and tabs, RFC 9110 §5.6.3) at either end. A loop rather than
    /// <c>Trim(" \t"u8)</c>, which looks each end byte up in the set: values are short, and most have nothing to trim.
    /// </summary>
    public static ReadOnlySpan<byte> TrimOws(ReadOnlySpan<byte> span)
    {
        var start = 0;
        while (start < span.Length && span[start] is (byte)' ' or (byte)'\t')
        {
            start++;
        }

        var end = span.Length;
        while (end > start && span[end - 1] is (byte)' ' or (byte)'\t')
        {
            end--;
        }

        return span[start..end];
    }

    /// <summary>
    /// Whether a comma-separated field value (Connection) lists <paramref name="option"/> (ASCII, any case). A value of
    /// one element, the usual case, is compared whole without splitting.
    /// </summary>
    public static bool ListHas(ReadOnlySpan<byte> value, ReadOnlySpan<byte> option)
    {
        if (value.IndexOf((byte)',') < 0)
        {
            return System.Text.Ascii.EqualsIgnoreCase(TrimOws(value), option);
        }

        foreach (var range in value.Split((byte)','))
        {
            if (System.Text.Ascii.EqualsIgnoreCase(TrimOws(value[range]), option))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A field value as RFC 9110 allows it (visible ASCII, space, tab); obs-text is reported apart.</summary>
    public static FieldValue CheckValue(ReadOnlySpan<byte> span)
    {
        // Nearly every value is visible ASCII and spaces: one vectorised scan says so; anything else is looked at byte by byte.
        var first = span.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E);
        if (first < 0)
        {
            return FieldValue.Plain;
        }

        var result = FieldValue.Plain;
        foreach (var b in span[first..])
        {
            if (b >= 0x80)
            {
                result = FieldValue.ObsText;
            }
            else if (b < 0x20 && b != (byte)'\t' || b == 0x7F)
            {
                return FieldValue.Invalid;
            }
        }

        return result;
    }

    public enum FieldValue
    {
        Plain,
        ObsText,
        Invalid,
    }
}
