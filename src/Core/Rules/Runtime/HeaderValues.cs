namespace Gateway.Core.Rules.Runtime;

/// <summary>Reads header values without copying: comma-separated values, cookies, the host name.</summary>
internal static class HeaderValues
{
    /// <summary>The <paramref name="index"/>th comma-separated value over every field line with this name, trimmed.</summary>
    public static bool TryGetListValue(IRuleHeaders headers, string name, int index, out ReadOnlyMemory<char> value)
    {
        var lines = headers.Count(name);
        for (var line = 0; line < lines; line++)
        {
            var text = headers.GetValue(name, line).AsMemory();
            while (true)
            {
                var comma = NextComma(text.Span);
                var part = comma < 0 ? text : text[..comma];
                if (index == 0)
                {
                    value = Trim(part);
                    return true;
                }

                index--;
                if (comma < 0)
                {
                    break;
                }

                text = text[(comma + 1)..];
            }
        }

        value = default;
        return false;
    }

    public static int CountListValues(IRuleHeaders headers, string name)
    {
        var count = 0;
        var lines = headers.Count(name);
        for (var line = 0; line < lines; line++)
        {
            var text = headers.GetValue(name, line).AsSpan();
            count++;
            for (var comma = NextComma(text); comma >= 0; comma = NextComma(text))
            {
                count++;
                text = text[(comma + 1)..];
            }
        }

        return count;
    }

    /// <summary>The next comma that separates values: HAProxy does not split inside a double-quoted string (<c>"a,b", c</c> is two values).</summary>
    private static int NextComma(ReadOnlySpan<char> text)
    {
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '"':
                    quoted = !quoted;
                    break;
                case '\\' when quoted:
                    i++;
                    break;
                case ',' when !quoted:
                    return i;
            }
        }

        return -1;
    }

    /// <summary>How many cookies named <paramref name="cookie"/> (or, without a name, how many cookies at all) the Cookie header(s) carry.</summary>
    public static int CountCookies(IRuleHeaders headers, string? cookie)
    {
        var count = 0;
        var lines = headers.Count("Cookie");
        for (var line = 0; line < lines; line++)
        {
            foreach (var range in headers.GetValue("Cookie", line).AsSpan().Split(';'))
            {
                var pair = headers.GetValue("Cookie", line).AsSpan()[range].Trim(" \t");
                var equals = pair.IndexOf('=');
                if (equals > 0 && (cookie is null || pair[..equals].TrimEnd().SequenceEqual(cookie)))
                {
                    count++;
                }
            }
        }

        return count;
    }

    /// <summary>The <paramref name="index"/>th value of the cookie <paramref name="cookie"/> in the Cookie header(s).</summary>
    public static bool TryGetCookie(IRuleHeaders headers, string cookie, int index, out ReadOnlyMemory<char> value)
    {
        var lines = headers.Count("Cookie");
        for (var line = 0; line < lines; line++)
        {
            var text = headers.GetValue("Cookie", line).AsMemory();
            while (text.Length > 0)
            {
                var semicolon = text.Span.IndexOf(';');
                var pair = Trim(semicolon < 0 ? text : text[..semicolon]);
                var equals = pair.Span.IndexOf('=');
                if (equals > 0 && pair.Span[..equals].TrimEnd().SequenceEqual(cookie))
                {
                    if (index == 0)
                    {
                        value = Trim(pair[(equals + 1)..]);
                        return true;
                    }

                    index--;
                }

                text = semicolon < 0 ? default : text[(semicolon + 1)..];
            }
        }

        value = default;
        return false;
    }

    /// <summary>
    /// The <paramref name="index"/>th value of <paramref name="name"/> in a query string, not decoded, as
    /// HAProxy's url_param reads it: <c>&amp;</c> and <c>;</c> both separate parameters, and a parameter
    /// without <c>=</c> (<c>?debug</c>) has no value, so it is not found.
    /// </summary>
    public static bool TryGetQueryParameter(ReadOnlyMemory<char> query, string name, int index, out ReadOnlyMemory<char> value)
    {
        while (query.Length > 0)
        {
            var end = query.Span.IndexOfAny('&', ';');
            var pair = end < 0 ? query : query[..end];
            var equals = pair.Span.IndexOf('=');
            if (equals >= 0 && pair.Span[..equals].SequenceEqual(name))
            {
                if (index == 0)
                {
                    value = pair[(equals + 1)..];
                    return true;
                }

                index--;
            }

            query = end < 0 ? default : query[(end + 1)..];
        }

        value = default;
        return false;
    }

    /// <summary>The Host header's name part, lower-cased, without port or trailing dot.</summary>
    public static bool TryGetHost(IRuleHeaders headers, out ReadOnlyMemory<char> host)
    {
        if (headers.Count("Host") == 0)
        {
            host = default;
            return false;
        }

        var text = Trim(headers.GetValue("Host", 0).AsMemory());
        var span = text.Span;
        if (span.StartsWith('['))
        {
            var close = span.IndexOf(']');
            text = close < 0 ? text : text[..(close + 1)];
        }
        else
        {
            var colon = span.IndexOf(':');
            if (colon >= 0 && span.LastIndexOf(':') == colon)
            {
                text = text[..colon];
            }
        }

        if (text.Span.EndsWith('.'))
        {
            text = text[..^1];
        }

        host = text.Span.ContainsAnyInRange('A', 'Z') ? text.ToString().ToLowerInvariant().AsMemory() : text;
        return true;
    }

    private static ReadOnlyMemory<char> Trim(ReadOnlyMemory<char> text)
    {
        var span = text.Span;
        var start = 0;
        while (start < span.Length && span[start] is ' ' or '\t')
        {
            start++;
        }

        var end = span.Length;
        while (end > start && span[end - 1] is ' ' or '\t')
        {
            end--;
        }

        return text[start..end];
    }
}
