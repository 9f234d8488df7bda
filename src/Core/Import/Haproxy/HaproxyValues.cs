using System.Globalization;

namespace Gateway.Core.Import.Haproxy;

/// <summary>HAProxy's ways of writing durations and addresses.</summary>
internal static class HaproxyValues
{
    /// <summary>A duration: a number with an optional unit (us, ms, s, m, h, d); milliseconds without one.</summary>
    public static TimeSpan? Duration(string text)
    {
        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        if (digits == 0 || !long.TryParse(text.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        return text[digits..] switch
        {
            "" or "ms" => TimeSpan.FromMilliseconds(value),
            "us" => TimeSpan.FromMicroseconds(value),
            "s" => TimeSpan.FromSeconds(value),
            "m" => TimeSpan.FromMinutes(value),
            "h" => TimeSpan.FromHours(value),
            "d" => TimeSpan.FromDays(value),
            _ => null,
        };
    }

    public static int? Integer(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>
    /// A listener address from a bind address: <c>:80</c> and <c>*:80</c> are every interface,
    /// <c>ipv4@</c>/<c>ipv6@</c> prefixes are dropped; null for what a listener cannot bind
    /// (unix sockets, port ranges, a missing port), with the reason.
    /// </summary>
    public static string? ListenerAddress(string text, out string? why)
    {
        why = null;
        var address = text;
        foreach (var prefix in new[] { "ipv4@", "ipv6@", "tcp@", "tcp4@", "tcp6@" })
        {
            if (address.StartsWith(prefix, StringComparison.Ordinal))
            {
                address = address[prefix.Length..];
            }
        }

        if (address.Contains('@', StringComparison.Ordinal) || address.StartsWith('/'))
        {
            why = $"'{text}' is not a TCP address (unix sockets, abstract namespaces and file descriptors are not supported).";
            return null;
        }

        var colon = address.LastIndexOf(':');
        if (colon < 0)
        {
            why = $"'{text}' has no port.";
            return null;
        }

        var host = address[..colon];
        var port = address[(colon + 1)..];
        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > 65535)
        {
            why = $"'{port}' is not one port (port ranges are not supported).";
            return null;
        }

        host = host is "" or "*" or "0.0.0.0" or "::" ? "*" : host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host;
        return $"{host}:{number.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>An id from a HAProxy name, keeping what ids allow (letters, digits, '-', '_', '.').</summary>
    public static string Id(string name)
    {
        var id = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-')]);
        return id.Length == 0 ? "unnamed" : id;
    }
}
