using System.Net.Sockets;
using System.Text;
using Gateway.Tests.Common;

namespace Gateway.Differential.Tests.Infrastructure;

/// <summary>
/// A server that answers every request with the request head exactly as it arrived (request line
/// and header lines) as its body, and names itself in <c>x-backend</c>: what the proxy sent, byte for byte.
/// </summary>
/// <remarks>Written on a socket rather than Kestrel so that nothing normalises what the proxy sent.</remarks>
public sealed class EchoServer : LoopbackSocketServer
{
    private EchoServer(string name)
    {
        Name = name;
        Start();
    }

    public string Name { get; }

    public static EchoServer Start(string name) => new(name);

    protected override async Task ServeAsync(Socket socket, int connection)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Stopping);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var head = await RawHttp.ReadHeadAsync(stream, timeout.Token);
            var body = Encoding.Latin1.GetBytes(head);
            var answer = Encoding.Latin1.GetBytes($"HTTP/1.1 200 OK\r\nx-backend: {Name}\r\ncontent-type: text/plain\r\ncontent-length: {body.Length}\r\nconnection: close\r\n\r\n");
            await stream.WriteAsync(answer, timeout.Token);
            await stream.WriteAsync(body, timeout.Token);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException)
        {
            // The proxy went away; nothing to answer.
        }
    }
}
