using System.Globalization;
using System.Net;

namespace Gateway.Core.Configuration;

/// <summary>A parsed listener address: an IP literal, every interface (<c>*</c>) or <c>localhost</c>, plus a port.</summary>
public readonly record struct ListenerAddress(ListenerHostKind Kind, IPAddress? IPAddress, int Port)
{
    /// <summary>Parses <c>127.0.0.1:8080</c>, <c>[::1]:8080</c>, <c>*:8080</c> or <c>localhost:8080</c>.</summary>
    public static bool TryParse(string? text, out ListenerAddress address)
    {
        address = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var separator = text.LastIndexOf(':');
        if (separator <= 0 || separator == text.Length - 1)
        {
            return false;
        }

        var host = text[..separator];
        if (!int.TryParse(text.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > IPEndPoint.MaxPort)
        {
            return false;
        }

        if (host == "*")
        {
            address = new(ListenerHostKind.Any, null, port);
            return true;
        }

        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            address = new(ListenerHostKind.Localhost, null, port);
            return true;
        }

        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
            if (IPAddress.TryParse(host, out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                address = new(ListenerHostKind.IPAddress, v6, port);
                return true;
            }

            return false;
        }

        // An unbracketed IPv6 literal would make the port ambiguous, so only IPv4 is accepted bare.
        if (IPAddress.TryParse(host, out var v4) && v4.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && host.Count(c => c == '.') == 3)
        {
            address = new(ListenerHostKind.IPAddress, v4, port);
            return true;
        }

        return false;
    }

    public override string ToString() => Kind switch
    {
        ListenerHostKind.Any => $"*:{Port}",
        ListenerHostKind.Localhost => $"localhost:{Port}",
        _ => new IPEndPoint(IPAddress!, Port).ToString(),
    };
}

public enum ListenerHostKind
{
    IPAddress,
    Any,
    Localhost,
}
