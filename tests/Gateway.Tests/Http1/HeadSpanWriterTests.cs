using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Gateway.Http1.Parsing;
using Gateway.Http1.Proxy;

namespace Gateway.Tests.Http1;

/// <summary>
/// Heads are written into one span of the output and handed over once: a head that fits costs the output one GetSpan
/// and one Advance, and a head larger than the span (many fields, a long cookie) still comes out whole and in order.
/// </summary>
public class HeadSpanWriterTests
{
    [Fact]
    public void ARelayedHead_IsOneGetSpanAndOneAdvance_AndTheSameBytes()
    {
        var sent = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nServer: nginx\r\nContent-Type: text/plain\r\nX-Request: 42\r\n\r\n";
        var output = new CountingWriter(exact: false);

        HeadWriter.ResponseHead(output, Parse(sent), stickyCookie: null, close: false);

        Assert.Equal(sent, output.Text);
        Assert.Equal((1, 1), (output.Spans, output.Advances));
    }

    [Fact]
    public void AHeadLargerThanTheSpan_ComesOutWholeAndInOrder()
    {
        var fields = new StringBuilder();
        for (var i = 0; i < 60; i++)
        {
            fields.Append("X-Field-").Append(i).Append(": ").Append('v', i * 7).Append("\r\n");
        }

        fields.Append("Set-Cookie: big=").Append('c', 3000).Append("\r\n");
        var sent = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n" + fields + "\r\n";
        // Spans of exactly the size asked for: every piece that does not fit makes the writer hand over and ask again.
        var output = new CountingWriter(exact: true);

        HeadWriter.ResponseHead(output, Parse(sent), stickyCookie: "s=1; Path=/", close: true);

        var expected = sent[..^2] + "Set-Cookie: s=1; Path=/\r\nConnection: close\r\n\r\n";
        Assert.Equal(expected, output.Text);
        Assert.True(output.Advances > 1, "a head of several KiB takes more than one span");
        Assert.Equal(output.Spans, output.Advances);
    }

    [Fact]
    public async Task AnAnswer_ThroughAPipe_IsTheHeadThenTheBody()
    {
        var pipe = new Pipe();
        var body = new string('b', 20_000); // larger than a pipe segment: the body is written after the head is committed

        await HeadWriter.WriteAnswerAsync(pipe.Writer, 403, null, [new("Cache-Control", "no-store")], "text/plain", body, close: true, headRequest: false);
        pipe.Writer.Complete();

        var text = await ReadAllAsync(pipe.Reader);
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = text[..split];
        Assert.StartsWith("HTTP/1.1 403 Forbidden\r\nCache-Control: no-store\r\nContent-Type: text/plain\r\nContent-Length: 20000\r\nDate: ", head);
        Assert.EndsWith("\r\nConnection: close", head);
        Assert.Equal(body, text[(split + 4)..]);
    }

    private static ResponseHead Parse(string text)
    {
        var head = new ResponseHead();
        var bytes = Encoding.Latin1.GetBytes(text);
        var result = ResponseHeadParser.TryParse(new ReadOnlySequence<byte>(bytes), head, headRequest: false);
        Assert.Equal(HeadParseStatus.Complete, result.Kind);
        return head;
    }

    private static async Task<string> ReadAllAsync(PipeReader reader)
    {
        while (true)
        {
            var read = await reader.ReadAsync();
            if (read.IsCompleted)
            {
                var text = Encoding.Latin1.GetString(read.Buffer.ToArray());
                reader.AdvanceTo(read.Buffer.End);
                return text;
            }

            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    /// <summary>Counts the calls a head costs; with <c>exact</c> each span is only as long as asked for.</summary>
    private sealed class CountingWriter(bool exact) : IBufferWriter<byte>
    {
        private readonly ArrayBufferWriter<byte> _inner = new();

        public int Spans { get; private set; }

        public int Advances { get; private set; }

        public string Text => Encoding.Latin1.GetString(_inner.WrittenSpan);

        public void Advance(int count)
        {
            Advances++;
            _inner.Advance(count);
        }

        public Memory<byte> GetMemory(int sizeHint = 0) => throw new NotSupportedException();

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Spans++;
            var span = _inner.GetSpan(sizeHint);
            return exact ? span[..Math.Max(sizeHint, 1)] : span;
        }
    }
}
