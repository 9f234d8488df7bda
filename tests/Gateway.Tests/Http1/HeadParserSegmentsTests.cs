using System.Buffers;
using System.Text;
using Gateway.Http1.Parsing;
using Gateway.Http1.Proxy;

namespace Gateway.Tests.Http1;

/// <summary>
/// The head parsers take a one-span fast path when a head came in one read and a segment-by-segment path when it did
/// not: both must come to the same verdict, length, status and fields for every kind of head, good or bad, split
/// anywhere. And the head writer's ASCII fast path must write what the Latin-1 encoder writes.
/// </summary>
public class HeadParserSegmentsTests
{
    public static TheoryData<string> Requests() =>
    [
        "GET /a/b?x=1 HTTP/1.1\r\nHost: example.test\r\nX-Custom: one\r\n\r\n",
        "POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello",
        "POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nX-Bare: a\nb\r\n\r\n",             // bare LF: Kestrel's call
        "GET / HTTP/1.1\r\nHost: h\r\nX-Bare: a\rb\r\n\r\n",             // bare CR: 400
        "GET / HTTP/1.1\r\nHost: h\r\nX-Incomplete: yes\r\n",            // no end yet
        "GET / HTTP/1.1\r\nHost: h\r\n X-Folded: yes\r\n\r\n",           // obs-fold: 400
        "GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nBad Name: x\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nX-Ctl: a\u0001b\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nX-Latin: caf\u00e9\r\n\r\n",    // obs-text: Kestrel's call
        "GET /a\u007fb HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET /%41 HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET /?q=#x HTTP/1.1\r\nHost: h\r\n\r\n",
        "G@T / HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET / HTTP/1.1\r\n\r\n",
    ];

    [Theory]
    [MemberData(nameof(Requests))]
    public void RequestHead_SplitAnywhere_ParsesAsInOneSpan(string text)
    {
        var bytes = Encoding.Latin1.GetBytes(text);
        var whole = new RequestHead();
        var expected = RequestHeadParser.TryParse(new ReadOnlySequence<byte>(bytes), whole);
        for (var split = 1; split < bytes.Length; split++)
        {
            var head = new RequestHead();
            var result = RequestHeadParser.TryParse(Split(bytes, split), head);
            Assert.Equal((expected.Kind, expected.Length, expected.Status), (result.Kind, result.Length, result.Status));
            if (expected.Kind == HeadParseStatus.Complete)
            {
                Assert.Equal(whole.Headers.All(), head.Headers.All());
                Assert.Equal((whole.Method, whole.RawTarget, whole.ContentLength), (head.Method, head.RawTarget, head.ContentLength));
            }
        }
    }

    public static TheoryData<string> Responses() =>
    [
        "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Length: 3\r\nConnection: keep-alive\r\n\r\nabc",
        "HTTP/1.1 204 No Content\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
        "HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX-Ctl: a\u0001\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n",
        "HTTP/1.1 2x0 OK\r\n\r\n",
    ];

    [Theory]
    [MemberData(nameof(Responses))]
    public void ResponseHead_SplitAnywhere_ParsesAsInOneSpan(string text)
    {
        var bytes = Encoding.Latin1.GetBytes(text);
        var whole = new ResponseHead();
        var expected = ResponseHeadParser.TryParse(new ReadOnlySequence<byte>(bytes), whole, headRequest: false);
        for (var split = 1; split < bytes.Length; split++)
        {
            var head = new ResponseHead();
            var result = ResponseHeadParser.TryParse(Split(bytes, split), head, headRequest: false);
            Assert.Equal((expected.Kind, expected.Length, expected.Status), (result.Kind, result.Length, result.Status));
            if (expected.Kind == HeadParseStatus.Complete)
            {
                Assert.Equal(whole.Headers.All(), head.Headers.All());
                Assert.Equal((whole.Status, whole.ContentLength, whole.Close), (head.Status, head.ContentLength, head.Close));
            }
        }
    }

    [Theory]
    [InlineData("Server", "nginx/1.22.1")]
    [InlineData("X-Latin", "caf\u00e9 cr\u00e8me")]
    [InlineData("X-Beyond-Latin1", "\u20ac and \u0100")]
    [InlineData("X-Empty", "")]
    public void HeadWriter_Line_WritesWhatTheLatin1EncoderWrites(string name, string value)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new HeadSpanWriter(output);
        HeadWriter.Line(ref writer, name, value);
        HeadWriter.Text(ref writer, value);
        writer.Commit();
        Assert.Equal(Encoding.Latin1.GetBytes($"{name}: {value}\r\n{value}"), output.WrittenSpan.ToArray());
    }

    private static ReadOnlySequence<byte> Split(byte[] bytes, int at)
    {
        var first = new Segment(bytes.AsMemory(0, at));
        var last = first.Append(bytes.AsMemory(at));
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
