using System.Net;
using System.Net.Sockets;
using Gateway.Core.Configuration;

namespace Gateway.Listeners;

/// <summary>
/// Finds out whether an address can be bound by binding a socket to it and closing it at once. Used
/// to keep an address that is already taken out of Kestrel's start-up bind (which would stop the whole
/// host) and to say why a listener could not be bound.
/// </summary>
internal static class AddressProbe
{
    /// <summary>Null when the address can be bound now; otherwise the operating system's reason.</summary>
    public static string? Check(ListenerAddress address)
    {
        if (address.Port == 0)
        {
            return null;
        }

        return address.Kind switch
        {
            ListenerHostKind.Any => Bind(IPAddress.IPv6Any, address.Port, dualMode: true) is { } v6Error
                ? (Socket.OSSupportsIPv6 ? v6Error : Bind(IPAddress.Any, address.Port, dualMode: false))
                : null,
            // Kestrel serves localhost when either loopback address binds.
            ListenerHostKind.Localhost => Bind(IPAddress.Loopback, address.Port, dualMode: false) is { } v4Error
                && Bind(IPAddress.IPv6Loopback, address.Port, dualMode: false) is not null ? v4Error : null,
            _ => Bind(address.IPAddress!, address.Port, dualMode: false),
        };
    }

    private static string? Bind(IPAddress ip, int port, bool dualMode)
    {
        try
        {
            using var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            if (dualMode)
            {
                socket.DualMode = true;
            }

            socket.Bind(new IPEndPoint(ip, port));
            return null;
        }
        catch (SocketException ex)
        {
            return ex.Message;
        }
    }
}
