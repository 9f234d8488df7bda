using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gateway.Differential.Tests.Infrastructure;

/// <summary>
/// A server that answers every request with the request head exactly as it arrived (request line
/// and header lines) as its body, and names itself in <c>x-backend</c>: what the proxy sent, byte for byte.
/// </summary>
/// <remarks>Written on a socket rather than Kestrel so that nothing normalises what the proxy sent.</remarks>
public sealed class EchoServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private EchoServer(string name)
    {
        Name = name;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Name { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public static EchoServer Start(string name) => new(name);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = AnswerAsync(client);
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
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

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
