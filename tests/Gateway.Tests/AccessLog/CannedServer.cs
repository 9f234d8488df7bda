using System.Net;
using System.Net.Sockets;

namespace Gateway.Tests.AccessLog;

/// <summary>
/// A server on raw sockets that reads each connection's request head and answers with fixed bytes, then either closes
/// or (for a response that never ends) keeps sending a filler body until the peer goes away or a bound is reached.
/// Tells whether its last send failed: the gateway closed the server connection.
/// </summary>
internal sealed class CannedServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly byte[] _answer;
    private readonly bool _endless;
    private readonly Task _accepting;
    private int _sendFailed;

    /// <param name="answer">What to send once the request head has arrived.</param>
    /// <param name="endless">After the answer, keep sending 64 KiB of filler every 10 ms (at most 1,000 times).</param>
    public CannedServer(byte[] answer, bool endless = false)
    {
        _answer = answer;
        _endless = endless;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";

    /// <summary>A send failed: the connection was closed from the gateway's side.</summary>
    public bool SendFailed => Volatile.Read(ref _sendFailed) == 1;

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                _ = ServeAsync(socket);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using var _ = socket;
        try
        {
            var buffer = new byte[8192];
            var seen = new List<byte>();
            while (!System.Text.Encoding.ASCII.GetString([.. seen]).Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await socket.ReceiveAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                seen.AddRange(buffer.AsSpan(0, read).ToArray());
            }

            await socket.SendAsync(_answer, _stop.Token);
            var filler = new byte[64 * 1024];
            for (var i = 0; _endless && i < 1000; i++)
            {
                await socket.SendAsync(filler, _stop.Token);
                await Task.Delay(10, _stop.Token);
            }
        }
        catch (SocketException)
        {
            Volatile.Write(ref _sendFailed, 1);
        }
        catch (OperationCanceledException)
        {
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
