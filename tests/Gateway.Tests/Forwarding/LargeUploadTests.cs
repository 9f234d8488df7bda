using System.Net;
using System.Net.Sockets;
using System.Text;
using Gateway.Core.Configuration;
using Gateway.Tests.Common;

namespace Gateway.Tests.Forwarding;

/// <summary>
/// A request body larger than Kestrel's default limit for an application (30 MB) is streamed to the server on both
/// HTTP paths, as HAProxy streams it: the YARP path answered 413 where the core forwarded. Runs on both paths (test.sh).
/// </summary>
public class LargeUploadTests
{
    private const long Size = 40L * 1024 * 1024;

    [Theory]
    [InlineData(true)] // Content-Length
    [InlineData(false)] // chunked
    public async Task ABodyAboveKestrelsDefaultLimit_IsStreamedToTheServerWhole(bool withLength)
    {
        await using var server = new CountingServer();
        await using var gateway = await GatewayTestHost.StartAsync(new GatewayConfig
        {
            Listeners = [TestConfigs.Listener()],
            Routes = [TestConfigs.Route("all", "backend")],
            Clusters = [new ClusterConfig { Id = "backend", Servers = [new ServerConfig { Id = "a", Address = server.Url }] }],
        });
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        using var content = new StreamContent(new PatternStream(Size));
        if (withLength)
        {
            content.Headers.ContentLength = Size;
        }

        using var response = await client.PutAsync(gateway.Url("web", "/upload"), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Size.ToString(System.Globalization.CultureInfo.InvariantCulture), await response.Content.ReadAsStringAsync());
    }

    /// <summary>Reads each request's body (Content-Length or chunked) to its end and answers with how many bytes it held.</summary>
    private sealed class CountingServer : LoopbackSocketServer
    {
        public CountingServer()
        {
            Start();
        }

        protected override async Task ServeAsync(Socket socket, int connection)
        {
            using var _ = socket;
            var pending = new StringBuilder();
            var buffer = new byte[64 * 1024];
            try
            {
                if (await ReadHeadAsync(socket, pending, buffer) is not { } head)
                {
                    return;
                }

                var lengthLine = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
                var body = new MemoryStream();
                body.Write(Encoding.Latin1.GetBytes(pending.ToString()));
                long count;
                if (lengthLine is not null)
                {
                    var length = long.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                    count = body.Length;
                    while (count < length)
                    {
                        var got = await socket.ReceiveAsync(buffer, Stopping);
                        if (got == 0)
                        {
                            return;
                        }

                        count += got;
                    }
                }
                else
                {
                    count = await ChunkedLengthAsync(socket, body, buffer);
                }

                var text = count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await socket.SendAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {text.Length}\r\nConnection: close\r\n\r\n{text}"), Stopping);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
            }
        }

        /// <summary>The data bytes of a chunked body, counted as it arrives (sizes parsed, data skipped).</summary>
        private async Task<long> ChunkedLengthAsync(Socket socket, MemoryStream start, byte[] buffer)
        {
            var window = new List<byte>(start.ToArray());
            long total = 0;
            var at = 0;
            while (true)
            {
                // A size line is whole once its CRLF is in the window.
                int lineEnd;
                while ((lineEnd = IndexOfCrLf(window, at)) < 0)
                {
                    await ReceiveMoreAsync(socket, window, buffer);
                }

                var size = Convert.ToInt64(Encoding.ASCII.GetString([.. window.GetRange(at, lineEnd - at)]).Split(';')[0], 16);
                at = lineEnd + 2;
                if (size == 0)
                {
                    return total;
                }

                while (window.Count < at + size + 2)
                {
                    await ReceiveMoreAsync(socket, window, buffer);
                }

                total += size;
                window.RemoveRange(0, at + (int)size + 2);
                at = 0;
            }
        }

        private async Task ReceiveMoreAsync(Socket socket, List<byte> window, byte[] buffer)
        {
            var got = await socket.ReceiveAsync(buffer, Stopping);
            if (got == 0)
            {
                throw new SocketException((int)SocketError.ConnectionReset);
            }

            window.AddRange(buffer.AsSpan(0, got));
        }

        private static int IndexOfCrLf(List<byte> window, int from)
        {
            for (var i = from; i + 1 < window.Count; i++)
            {
                if (window[i] == '\r' && window[i + 1] == '\n')
                {
                    return i;
                }
            }

            return -1;
        }
    }

    /// <summary>A read-only stream of <paramref name="length"/> bytes of a repeating pattern, made as it is read.</summary>
    private sealed class PatternStream(long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var take = (int)Math.Min(count, length - _position);
            for (var i = 0; i < take; i++)
            {
                buffer[offset + i] = (byte)('a' + ((_position + i) % 26));
            }

            _position += take;
            return take;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
