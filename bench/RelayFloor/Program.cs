using System.Net;
using System.Net.Sockets;

// The cheapest HTTP/1.1 "proxy" .NET's socket API allows: every client connection gets its own server connection, and
// bytes are copied both ways as they come (a request and its response are each one receive and one send on this
// benchmark's small messages). No parsing, no pipes, no Kestrel, no thread pool hop when run with
// DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1. It is not a proxy anyone should run (it checks nothing), but what it
// costs per request is the floor under any design built on System.Net.Sockets: the gateway's HTTP/1.1 core is measured
// against it and against HAProxy in the same run (docs/benchmarks.md, issue 18).
//
//   dotnet RelayFloor.dll <listen port> <server port>
var listenPort = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
var serverPort = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
var server = new IPEndPoint(IPAddress.Loopback, serverPort);
using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
listener.Bind(new IPEndPoint(IPAddress.Loopback, listenPort));
listener.Listen(4096);
Console.WriteLine($"relay-floor listening on 127.0.0.1:{listenPort}, server 127.0.0.1:{serverPort}");
while (true)
{
    var client = await listener.AcceptAsync();
    _ = ServeAsync(client, server);
}

static async Task ServeAsync(Socket client, IPEndPoint server)
{
    using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    try
    {
        client.NoDelay = true;
        upstream.NoDelay = true;
        await upstream.ConnectAsync(server);
        var up = PumpAsync(client, upstream);
        var down = PumpAsync(upstream, client);
        await Task.WhenAny(up, down);
    }
    catch (SocketException)
    {
    }
    finally
    {
        client.Dispose();
    }
}

static async Task PumpAsync(Socket from, Socket to)
{
    var buffer = GC.AllocateUninitializedArray<byte>(32 * 1024, pinned: true);
    try
    {
        while (true)
        {
            var read = await from.ReceiveAsync(buffer, SocketFlags.None);
            if (read == 0)
            {
                to.Shutdown(SocketShutdown.Send);
                return;
            }

            var sent = 0;
            while (sent < read)
            {
                sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None);
            }
        }
    }
    catch (Exception e) when (e is SocketException or ObjectDisposedException)
    {
    }
}
