using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Gateway.Http1.Sockets;

namespace Gateway.Tests.Http1;

/// <summary>A connected loopback pair: the gateway's end read through the reader under test, the server's written raw.</summary>
internal sealed class SocketReaderPair : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    private SocketReaderPair(Socket gateway, Socket server, EngineTurnUse turns)
    {
        Gateway = gateway;
        Server = server;
        Reader = new SocketPipeReader(gateway, turns);
    }

    public Socket Gateway { get; }

    public Socket Server { get; }

    public SocketPipeReader Reader { get; }

    public static async Task<SocketReaderPair> OpenAsync(EngineTurnUse turns = EngineTurnUse.Never)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var gateway = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var accepting = listener.AcceptAsync();
        await gateway.ConnectAsync(listener.LocalEndPoint!);
        var server = await accepting.WaitAsync(Limit);
        server.NoDelay = true;
        return new SocketReaderPair(gateway, server, turns);
    }

    public async Task SendAsync(ReadOnlyMemory<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            bytes = bytes[await Server.SendAsync(bytes).AsTask().WaitAsync(Limit)..];
        }
    }

    public Task SendAsync(string text) => SendAsync(System.Text.Encoding.ASCII.GetBytes(text));

    public Task<ReadResult> ReadAsync() => Reader.ReadAsync().AsTask().WaitAsync(Limit);

    public void Dispose()
    {
        Reader.Complete();
        Server.Dispose();
        Gateway.Dispose();
    }
}
