namespace Gateway.Forwarding;

/// <summary>
/// Cookies that never leave the gateway towards a server (<see cref="Model.GatewayOptions.ProtectedCookies"/>): the
/// admin host's session and antiforgery cookies, which a browser sends to every port of the host because cookies
/// ignore ports. Removed by name, with the chunks ASP.NET Core's cookie manager splits a large cookie into
/// (<c>nameC1</c>, <c>nameC2</c>, …), whatever else the Cookie header holds. Both HTTP paths call this.
/// </summary>
internal static class ProtectedCookies
{
    /// <summary>A Cookie header value (<c>a=1; b=2</c>) without the protected cookies; other pairs kept as written.</summary>
    public static string Without(string header, IList<string> names)
    {
        if (!MentionsAny(header, names))
        {
            return header; // the common case on every forwarded request: nothing to split or allocate
        }

        var pairs = header.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return string.Join("; ", pairs.Where(pair => !IsProtected(pair.Split('=', 2)[0].Trim(), names)));
    }

    private static bool MentionsAny(string header, IList<string> names)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (header.Contains(names[i], StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsProtected(string cookie, IList<string> names)
    {
        foreach (var name in names)
        {
            if (!cookie.StartsWith(name, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = cookie.AsSpan(name.Length);
            if (rest.IsEmpty || (rest[0] == 'C' && rest.Length > 1 && int.TryParse(rest[1..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)))
            {
                return true;
            }
        }

        return false;
    }
}
