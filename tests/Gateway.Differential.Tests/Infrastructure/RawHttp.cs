using System.Net.Sockets;
using System.Text;

namespace Gateway.Differential.Tests.Infrastructure;

/// <summary>A response as the client read it off the socket.</summary>
public sealed record RawResponse(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, string Body)
{
    public string? Header(string name) => Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();
}

/// <summary>Sends requests written byte for byte and reads the answer (HTTP/1.1, the connection closed after it).</summary>
public static class RawHttp
{
    public static async Task<RawResponse> SendAsync(int port, string request)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var client = new TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request), timeout.Token);
        var head = await ReadHeadAsync(stream, timeout.Token, out var rest);
        var lines = head.Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Where(l => l.Length > 0)
            .Select(l => new KeyValuePair<string, string>(l[..l.IndexOf(':', StringComparison.Ordinal)].ToLowerInvariant(), l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()))
            .ToList();
        var body = await ReadBodyAsync(stream, rest, headers, timeout.Token);
        return new RawResponse(status, headers, body);
    }

    /// <summary>Reads up to the blank line ending a message head; returns the head without it.</summary>
    public static Task<string> ReadHeadAsync(Stream stream, CancellationToken cancel) => ReadHeadAsync(stream, cancel, out _);

    private static Task<string> ReadHeadAsync(Stream stream, CancellationToken cancel, out MemoryStream rest)
    {
        var leftover = new MemoryStream();
        rest = leftover;
        return ReadHead(stream, leftover, cancel);
    }

    private static async Task<string> ReadHead(Stream stream, MemoryStream rest, CancellationToken cancel)
    {
        var buffer = new byte[8192];
        var received = new MemoryStream();
        while (true)
        {
            var text = Encoding.Latin1.GetString(received.GetBuffer(), 0, (int)received.Length);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                rest.Write(received.GetBuffer(), end + 4, (int)received.Length - end - 4);
                return text[..end];
            }

            var read = await stream.ReadAsync(buffer, cancel);
            if (read == 0)
            {
                throw new IOException("The connection closed before the end of the message head: " + text);
            }

            received.Write(buffer, 0, read);
        }
    }

    private static async Task<string> ReadBodyAsync(Stream stream, MemoryStream rest, List<KeyValuePair<string, string>> headers, CancellationToken cancel)
    {
        var all = new MemoryStream();
        rest.Position = 0;
        await rest.CopyToAsync(all, cancel);
        var length = headers.FirstOrDefault(h => h.Key == "content-length").Value;
        var buffer = new byte[8192];
        while (length is null || all.Length < long.Parse(length, System.Globalization.CultureInfo.InvariantCulture))
        {
            var read = await stream.ReadAsync(buffer, cancel);
            if (read == 0)
            {
                break;
            }

            all.Write(buffer, 0, read);
        }

        var body = Encoding.Latin1.GetString(all.ToArray());
        return headers.Any(h => h.Key == "transfer-encoding" && h.Value.Contains("chunked", StringComparison.OrdinalIgnoreCase)) ? Dechunk(body) : body;
    }

    private static string Dechunk(string body)
    {
        var text = new StringBuilder();
        var position = 0;
        while (position < body.Length)
        {
            var lineEnd = body.IndexOf("\r\n", position, StringComparison.Ordinal);
            var size = Convert.ToInt32(body[position..lineEnd].Split(';')[0], 16);
            if (size == 0)
            {
                break;
            }

            text.Append(body, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }

        return text.ToString();
    }
}
