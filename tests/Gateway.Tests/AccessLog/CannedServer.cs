using System.Net.Sockets;
using Gateway.Tests.Common;

namespace Gateway.Tests.AccessLog;

/// <summary>
/// A server on raw sockets that reads each connection's request head and answers with fixed bytes, then either closes
/// or (for a response that never ends) keeps sending a filler body until the peer goes away or a bound is reached.
/// Tells whether its last send failed: the gateway closed the server connection.
/// </summary>
internal sealed class CannedServer : LoopbackSocketServer
{
    private readonly byte[] _answer;
    private readonly bool _endless;
    private int _sendFailed;

    /// <param name="answer">What to send once the request head has arrived.</param>
    /// <param name="endless">After the answer, keep sending 64 KiB of filler every 10 ms (at most 1,000 times).</param>
    public CannedServer(byte[] answer, bool endless = false)
    {
        _answer = answer;
        _endless = endless;
        Start();
    }

    /// <summary>A send failed: the connection was closed from the gateway's side.</summary>
    public bool SendFailed => Volatile.Read(ref _sendFailed) == 1;

    protected override async Task ServeAsync(Socket socket, int connection)
    {
        using var _ = socket;
        try
        {
            var buffer = new byte[8192];
            var seen = new List<byte>();
            while (!System.Text.Encoding.ASCII.GetString([.. seen]).Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await socket.ReceiveAsync(buffer, Stopping);
                if (read == 0)
                {
                    return;
                }

                seen.AddRange(buffer.AsSpan(0, read).ToArray());
            }

            await socket.SendAsync(_answer, Stopping);
            var filler = new byte[64 * 1024];
            for (var i = 0; _endless && i < 1000; i++)
            {
                await socket.SendAsync(filler, Stopping);
                await Task.Delay(10, Stopping);
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
}
