using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gateway.Tests.Connections;

/// <summary>Sends bytes on a fresh TCP connection and reads until the server closes it: for requests no HTTP client would send.</summary>
public static class RawHttp
{
    public static byte[] Get(string path) => Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: gateway.test\r\nConnection: close\r\n\r\n");

    /// <param name="endAfterSending">Half-close (send a FIN) after the bytes, as a client that has nothing more to say.</param>
    /// <returns>What the server sent before closing; null when it reset the connection.</returns>
    public static async Task<string?> ExchangeAsync(Uri listener, byte[] bytes, bool endAfterSending = false)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, listener.Port);
        try
        {
            await socket.SendAsync(bytes);
            if (endAfterSending)
            {
                socket.Shutdown(SocketShutdown.Send);
            }

            var received = new MemoryStream();
            var buffer = new byte[4096];
            int read;
            while ((read = await socket.ReceiveAsync(buffer)) > 0)
            {
                received.Write(buffer, 0, read);
            }

            return Encoding.UTF8.GetString(received.ToArray());
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.Shutdown)
        {
            return null;
        }
    }

    /// <summary>The body of an HTTP/1.1 response read by <see cref="ExchangeAsync"/>, de-chunked when it was chunked.</summary>
    public static string Body(string response)
    {
        var split = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var body = response[(split + 4)..];
        if (!response[..split].Contains("transfer-encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            return body;
        }

        var text = new StringBuilder();
        while (true)
        {
            var lineEnd = body.IndexOf("\r\n", StringComparison.Ordinal);
            var size = Convert.ToInt32(body[..lineEnd].Split(';')[0], 16);
            if (size == 0)
            {
                return text.ToString();
            }

            text.Append(body, lineEnd + 2, size);
            body = body[(lineEnd + 2 + size + 2)..];
        }
    }
}
