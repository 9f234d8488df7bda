using System.Buffers;
using System.Text;
using Gateway.Http1.Parsing;
using Gateway.Http1.Proxy;

namespace Gateway.Tests.Http1;

/// <summary>
/// What keeps the core's request path free of allocations: a head parsed again takes the strings of the head before it
/// when the bytes are the same (and only then), and the head buffer holds an array only while a head is written.
/// </summary>
public class HeadReuseTests
{
    private static ReadOnlySequence<byte> Bytes(string text) => new(Encoding.ASCII.GetBytes(text));

    [Fact]
    public void RequestHead_ParsedAgain_ReusesTheStringsOfTheSameBytes_AndTakesNewOnesForChangedBytes()
    {
        var head = new RequestHead();
        Assert.Equal(HeadParseStatus.Complete, RequestHeadParser.TryParse(Bytes("GET /a/b?x=1 HTTP/1.1\r\nHost: example.test\r\nX-Custom: one\r\n\r\n"), head).Kind);
        var (target, path, query, host, customName) = (head.RawTarget, head.Path, head.Query, head.Headers.First("Host"), head.Headers[1].Key);

        Assert.Equal(HeadParseStatus.Complete, RequestHeadParser.TryParse(Bytes("GET /a/b?x=1 HTTP/1.1\r\nHost: example.test\r\nX-Custom: two\r\n\r\n"), head).Kind);
        Assert.Same(target, head.RawTarget);
        Assert.Same(path, head.Path);
        Assert.Same(query, head.Query);
        Assert.Same(host, head.Headers.First("Host"));
        Assert.Same(customName, head.Headers[1].Key);
        Assert.Equal("two", head.Headers.First("X-Custom"));

        Assert.Equal(HeadParseStatus.Complete, RequestHeadParser.TryParse(Bytes("GET /a/c HTTP/1.1\r\nX-Other: one\r\nHost: other.test\r\n\r\n"), head).Kind);
        Assert.Equal("/a/c", head.RawTarget);
        Assert.Equal("/a/c", head.Path);
        Assert.Null(head.Query);
        Assert.Equal(2, head.Headers.Length);
        Assert.Equal(new KeyValuePair<string, string>("X-Other", "one"), head.Headers[0]);
        Assert.Equal("other.test", head.Headers.First("Host"));
    }

    [Fact]
    public void ResponseHead_ParsedAgain_ReusesReasonAndValues_EvenAfterTheHeadWasResetForANewRequest()
    {
        var head = new ResponseHead();
        const string Answer = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nX-Server: a\r\n\r\n";
        Assert.Equal(HeadParseStatus.Complete, ResponseHeadParser.TryParse(Bytes(Answer), head, headRequest: false).Kind);
        var (reason, type, server) = (head.Reason, head.Headers.First("Content-Type"), head.Headers.First("X-Server"));

        head.Reset(); // as the core does when a request starts
        head.Reason = "set by a rule";
        Assert.Equal(HeadParseStatus.Complete, ResponseHeadParser.TryParse(Bytes(Answer.Replace("X-Server: a", "X-Server: b", StringComparison.Ordinal)), head, headRequest: false).Kind);
        Assert.Same(reason, head.Reason);
        Assert.Same(type, head.Headers.First("Content-Type"));
        Assert.NotSame(server, head.Headers.First("X-Server"));
        Assert.Equal("b", head.Headers.First("X-Server"));
        Assert.Equal(5, head.ContentLength);
    }

    [Fact]
    public void HeaderFields_ClearedTwice_StillReusesTheLinesOfTheLastHead()
    {
        var fields = new HeaderFields();
        fields.AddParsed(null, "X-A"u8, "value"u8);
        var value = fields[0].Value;
        fields.Clear();
        fields.Clear();
        fields.AddParsed(null, "X-A"u8, "value"u8);
        Assert.Same(value, fields[0].Value);
        fields.Forget();
        fields.AddParsed(null, "X-A"u8, "value"u8);
        Assert.NotSame(value, fields[0].Value);
        Assert.Equal("value", fields[0].Value);
    }

    [Fact]
    public void PooledBufferWriter_GrowsKeepingWhatWasWritten_AndHoldsNothingAfterRelease()
    {
        var writer = new PooledBufferWriter();
        Assert.True(writer.WrittenMemory.IsEmpty);
        var expected = new List<byte>();
        for (var i = 0; i < 5000; i++)
        {
            var span = writer.GetSpan(3);
            span[0] = (byte)i;
            span[1] = (byte)(i >> 8);
            span[2] = 7;
            writer.Advance(3);
            expected.AddRange([(byte)i, (byte)(i >> 8), 7]);
        }

        Assert.Equal(expected, writer.WrittenMemory.ToArray());
        Assert.Throws<InvalidOperationException>(() => writer.Advance(writer.GetSpan().Length + 1));
        writer.Release();
        Assert.Equal(0, writer.WrittenCount);
        Assert.True(writer.WrittenMemory.IsEmpty);
    }
}
