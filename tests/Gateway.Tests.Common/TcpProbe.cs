using System.Net;
using System.Net.Sockets;

namespace Gateway.Tests.Common;

/// <summary>Whether anything accepts TCP connections on a loopback port.</summary>
public static class TcpProbe
{
    public static bool Refuses(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, url.Port);
            return false;
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
        {
            // Reset: the connection sat in the backlog of a listen socket that was closing.
            return true;
        }
    }
}
