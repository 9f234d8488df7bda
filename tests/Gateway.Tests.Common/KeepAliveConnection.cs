using System.Net.Sockets;
using System.Text;

namespace Gateway.Tests.Common;

/// <summary>One HTTP/1.1 connection kept open across requests, to show it survives a change elsewhere.</summary>
public sealed class KeepAliveConnection : IDisposable
{
    private readonly TcpClient _client = new();
    private readonly Uri _url;

    public KeepAliveConnection(Uri url)
    {
        _url = url;
        _client.Connect(url.Host, url.Port);
    }

    /// <summary>Sends a GET on this connection (with <paramref name="fields"/>, e.g. <c>"Cookie: a=b"</c>, after Host) and returns the whole response; fails if the server closed it.</summary>
    public async Task<string> GetAsync(string path, params string[] fields)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var stream = _client.GetStream();
        var extra = string.Concat(fields.Select(f => f + "\r\n"));
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {_url.Authority}\r\n{extra}\r\n"), timeout.Token);
        var buffer = new byte[16 * 1024];
        var text = new StringBuilder();
        while (!IsComplete(text.ToString()))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                throw new IOException("The server closed the keep-alive connection.");
            }

            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return text.ToString();
    }

    public void Dispose() => _client.Dispose();

    private static bool IsComplete(string response)
    {
        var headerEnd = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (headerEnd < 0)
        {
            return false;
        }

        var headers = response[..headerEnd];
        var body = response[(headerEnd + 4)..];
        if (headers.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            return body.EndsWith("0\r\n\r\n", StringComparison.Ordinal);
        }

        var lengthAt = headers.IndexOf("Content-Length:", StringComparison.OrdinalIgnoreCase);
        if (lengthAt < 0)
        {
            return true;
        }

        var lineEnd = headers.IndexOf("\r\n", lengthAt, StringComparison.Ordinal);
        var value = (lineEnd < 0 ? headers[(lengthAt + 15)..] : headers[(lengthAt + 15)..lineEnd]).Trim();
        return Encoding.ASCII.GetByteCount(body) >= int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
