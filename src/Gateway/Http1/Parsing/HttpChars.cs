namespace Gateway.Http1.Parsing;

/// <summary>The character classes of RFC 9110/9112 the parsers check bytes against.</summary>
internal static class HttpChars
{
    private static readonly bool[] Token = Build(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal));

    // The path characters whose meaning is the same before and after Kestrel decodes and normalizes a path: no '%'
    // (decoding), no '\' and nothing outside ASCII. Dot segments are checked apart. A path with anything else goes to
    // Kestrel, so both paths route on the same string.
    private static readonly bool[] PlainPath = Build(c => char.IsAsciiLetterOrDigit(c) || "-._~!$&'()*+,;=:@/".Contains(c, StringComparison.Ordinal));

    private static bool[] Build(Func<char, bool> member)
    {
        var table = new bool[128];
        for (var c = 0; c < 128; c++)
        {
            table[c] = member((char)c);
        }

        return table;
    }

    public static bool IsToken(ReadOnlySpan<byte> span)
    {
        if (span.IsEmpty)
        {
            return false;
        }

        foreach (var b in span)
        {
            if (b >= 128 || !Token[b])
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsPlainPath(ReadOnlySpan<byte> span)
    {
        foreach (var b in span)
        {
            if (b >= 128 || !PlainPath[b])
            {
                return false;
            }
        }

        return span.IndexOf("/./"u8) < 0 && span.IndexOf("/../"u8) < 0 && !span.EndsWith("/.."u8) && !span.EndsWith("/."u8);
    }

    /// <summary>Visible ASCII without '#': what a query may hold on this core (anything else goes to Kestrel).</summary>
    public static bool IsPlainQuery(ReadOnlySpan<byte> span)
    {
        foreach (var b in span)
        {
            if (b is < 0x21 or > 0x7E or (byte)'#')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A field value as RFC 9110 allows it (visible ASCII, space, tab); obs-text is reported apart.</summary>
    public static FieldValue CheckValue(ReadOnlySpan<byte> span)
    {
        var result = FieldValue.Plain;
        foreach (var b in span)
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
