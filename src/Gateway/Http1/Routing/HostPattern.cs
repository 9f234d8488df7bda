namespace Gateway.Http1.Routing;

/// <summary>
/// A route's host as routing's host matcher reads it: <c>example.com</c>, <c>*.example.com</c> (any subdomain, not the
/// domain itself), each with an optional <c>:port</c> (<c>:*</c> any); without a port any port matches. Case-insensitive.
/// </summary>
internal sealed class HostPattern
{
    private readonly string _host;
    private readonly bool _wildcard;
    private readonly int? _port;

    private HostPattern(string host, bool wildcard, int? port)
    {
        _host = host;
        _wildcard = wildcard;
        _port = port;
    }

    public static HostPattern? TryParse(string text)
    {
        if (text.Length == 0 || text.Contains('[', StringComparison.Ordinal))
        {
            return null;
        }

        var colon = text.LastIndexOf(':');
        int? port = null;
        var host = text;
        if (colon >= 0)
        {
            var portText = text[(colon + 1)..];
            host = text[..colon];
            if (portText != "*")
            {
                if (!int.TryParse(portText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
                {
                    return null;
                }

                port = number;
            }
        }

        if (host == "*")
        {
            return new HostPattern("", wildcard: true, port);
        }

        var wildcard = host.StartsWith("*.", StringComparison.Ordinal);
        var rest = wildcard ? host[1..] : host;
        return rest.Contains('*', StringComparison.Ordinal) ? null : new HostPattern(rest, wildcard, port);
    }

    public bool Matches(string? hostHeader)
    {
        if (hostHeader is null)
        {
            return false;
        }

        var colon = hostHeader.LastIndexOf(':');
        var host = colon >= 0 ? hostHeader.AsSpan(0, colon) : hostHeader.AsSpan();
        if (_port is { } port)
        {
            if (colon < 0 || !int.TryParse(hostHeader.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var actual) || actual != port)
            {
                return false;
            }
        }

        if (_wildcard)
        {
            return _host.Length == 0 || (host.Length > _host.Length && host.EndsWith(_host, StringComparison.OrdinalIgnoreCase));
        }

        return host.Equals(_host, StringComparison.OrdinalIgnoreCase);
    }
}
