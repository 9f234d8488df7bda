using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gateway.Tests.Tcp;

/// <summary>A raw client connection to a TCP-mode listener, with the few reads the tests need.</summary>
public sealed class TcpTestClient : IDisposable
{
    private TcpTestClient(Socket socket) => Socket = socket;

    public Socket Socket { get; }

    public IPEndPoint LocalEndPoint => (IPEndPoint)Socket.LocalEndPoint!;

    public static async Task<TcpTestClient> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        return new TcpTestClient(socket);
    }

    public Task SendAsync(string text) => Socket.SendAsync(Encoding.ASCII.GetBytes(text));

    /// <summary>Reads exactly <paramref name="count"/> bytes, failing if the connection ends first.</summary>
    public async Task<string> ReceiveAsync(int count)
    {
        var buffer = new byte[count];
        var read = 0;
        while (read < count)
        {
            var n = await Socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
            if (n == 0)
            {
                throw new IOException($"The connection ended after {read} of {count} bytes.");
            }

            read += n;
        }

        return Encoding.ASCII.GetString(buffer);
    }

    /// <summary>Reads until the other side closes; null when it reset the connection instead.</summary>
    public async Task<string?> ReceiveToEndAsync()
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int n;
            while ((n = await Socket.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(TimeSpan.FromSeconds(20))) > 0)
            {
                received.Write(buffer, 0, n);
            }
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.Shutdown)
        {
            return null;
        }

        return Encoding.ASCII.GetString(received.ToArray());
    }

    public void Dispose() => Socket.Dispose();
}
