using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Gateway.Connections;

/// <summary>
/// A TCP socket's connection state as Linux reports it: the first byte of <c>TCP_INFO</c> (netinet/tcp.h). What the
/// client connections read on the heartbeat to tell a FIN from a reset while nothing reads the socket.
/// </summary>
internal static class TcpConnectionState
{
    public const byte Established = 1;

    /// <summary>The peer sent a FIN, and nothing worse happened since.</summary>
    public const byte CloseWait = 8;

    private const int IpProtoTcp = 6;
    private const int TcpInfo = 11;

    /// <summary>The state; null when it cannot be read (the socket is closed, or the system has no <c>TCP_INFO</c>).</summary>
    public static byte? Read(Socket socket)
    {
        try
        {
            if (socket.SafeHandle.IsClosed)
            {
                return null;
            }

            Span<byte> info = stackalloc byte[8];
            return socket.GetRawSocketOption(IpProtoTcp, TcpInfo, info) > 0 ? info[0] : null;
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException or ExternalException)
        {
            return null;
        }
    }
}
