using System.Buffers;
using System.Text;

namespace Gateway.Http1.Parsing;

/// <summary>
/// A strict HTTP/1.1 request-head parser (RFC 9112) over the bytes of a connection's pipe. Kestrel's own parser is
/// internal to its HTTP server and cannot run from connection middleware, so the core has this one. It rejects what
/// makes framing ambiguous (Content-Length with Transfer-Encoding, several or malformed Content-Length, a final coding
/// other than chunked, obs-fold, bare CR, control characters, a missing or doubled Host) with 400 as Kestrel does, and
/// hands to Kestrel, unread, whatever it does not serve itself (HTTP/2 prefaces, Upgrade, Expect, HTTP/1.0, absolute
/// or authority targets, escaped or dot-segment paths, lines ended by a bare LF, non-ASCII values), so the two paths
/// never disagree on such a request: Kestrel decides it.
/// </summary>
internal static class RequestHeadParser
{
    /// <summary>Kestrel's default limits: request line 8 KiB, headers 32 KiB, 100 header lines.</summary>
    public const int MaxHeadBytes = 8 * 1024 + 32 * 1024;

    public const int MaxHeaderLines = 100;

    /// <summary>Kestrel's <c>MaxRequestLineSize</c>, CRLF included: a longer request line gets 414.</summary>
    public const int MaxRequestLineBytes = 8 * 1024;

    public static HeadParseResult TryParse(in ReadOnlySequence<byte> buffer, RequestHead head)
    {
        if (StartsLikeHttp2Preface(buffer) is { } preface)
        {
            return preface ? HeadParseResult.Pass("HTTP/2 preface") : HeadParseResult.Incomplete;
        }

        var end = FindEnd(buffer, out var bareLf, out var bareCr);
        if (bareCr)
        {
            return HeadParseResult.Bad("bare CR in the request head");
        }

        if (bareLf)
        {
            return HeadParseResult.Pass("a line ended by a bare LF");
        }

        if (end < 0)
        {
            return buffer.Length > MaxHeadBytes ? HeadParseResult.Bad("request head too large", 431) : HeadParseResult.Incomplete;
        }

        if (end > MaxHeadBytes)
        {
            return HeadParseResult.Bad("request head too large", 431);
        }

        if (buffer.FirstSpan.Length >= end)
        {
            return Parse(buffer.FirstSpan[..end], head);
        }

        var copy = ArrayPool<byte>.Shared.Rent(end);
        try
        {
            buffer.Slice(0, end).CopyTo(copy);
            return Parse(copy.AsSpan(0, end), head);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    /// <summary>True: an HTTP/2 preface (for Kestrel); null when the bytes are not one; false while too few bytes tell.</summary>
    private static bool? StartsLikeHttp2Preface(in ReadOnlySequence<byte> buffer)
    {
        Span<byte> start = stackalloc byte[4];
        var length = (int)Math.Min(4, buffer.Length);
        buffer.Slice(0, length).CopyTo(start);
        if (!"PRI "u8.StartsWith(start[..length]))
        {
            return null;
        }

        return length == 4 ? true : false;
    }

    /// <summary>The length of the head (through its empty line), or -1; flags line ends that are not CRLF.</summary>
    private static int FindEnd(in ReadOnlySequence<byte> buffer, out bool bareLf, out bool bareCr)
    {
        if (buffer.IsSingleSegment)
        {
            return FindEnd(buffer.FirstSpan, out bareLf, out bareCr);
        }

        bareLf = false;
        bareCr = false;
        var reader = new SequenceReader<byte>(buffer);
        while (reader.Consumed < MaxHeadBytes + 2)
        {
            if (!reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n'))
            {
                return -1;
            }

            if (line.IsEmpty || LastByte(line) != (byte)'\r')
            {
                bareLf = true;
                return -1;
            }

            var content = line.Slice(0, line.Length - 1);
            if (content.PositionOf((byte)'\r') is not null)
            {
                bareCr = true;
                return -1;
            }

            if (content.IsEmpty)
            {
                return (int)Math.Min(reader.Consumed, int.MaxValue);
            }
        }

        return (int)Math.Min(reader.Consumed, int.MaxValue);
    }

    /// <summary>The same as the sequence version, line by line over one span (the usual case: the head came in one read).</summary>
    private static int FindEnd(ReadOnlySpan<byte> bytes, out bool bareLf, out bool bareCr)
    {
        bareLf = false;
        bareCr = false;
        var start = 0;
        while (start < MaxHeadBytes + 2)
        {
            var lf = bytes[start..].IndexOf((byte)'\n');
            if (lf < 0)
            {
                return -1;
            }

            var line = bytes.Slice(start, lf);
            start += lf + 1;
            if (line.IsEmpty || line[^1] != (byte)'\r')
            {
                bareLf = true;
                return -1;
            }

            if (line[..^1].IndexOf((byte)'\r') >= 0)
            {
                bareCr = true;
                return -1;
            }

            if (line.Length == 1)
            {
                return start;
            }
        }

        return start;
    }

    private static byte LastByte(in ReadOnlySequence<byte> line) =>
        line.IsSingleSegment ? line.FirstSpan[^1] : line.Slice(line.Length - 1).FirstSpan[0];

    private static HeadParseResult Parse(ReadOnlySpan<byte> bytes, RequestHead head)
    {
        // The previous request's strings, reused when this one says the same (a keep-alive client asks the same often).
        var (previousMethod, previousTarget, previousPath, previousQuery) = (head.Method, head.RawTarget, head.Path, head.Query);
        head.Reset();
        var lineEnd = bytes.IndexOf("\r\n"u8);
        if (lineEnd + 2 > MaxRequestLineBytes)
        {
            // Kestrel's answer on the other path; forwarded, the server may refuse it with a reset instead.
            return HeadParseResult.Bad("request line too long", 414);
        }

        var requestLine = bytes[..lineEnd];
        var rest = bytes[(lineEnd + 2)..];

        var firstSpace = requestLine.IndexOf((byte)' ');
        var lastSpace = requestLine.LastIndexOf((byte)' ');
        if (firstSpace <= 0 || lastSpace <= firstSpace + 1)
        {
            return HeadParseResult.Bad("malformed request line");
        }

        var method = requestLine[..firstSpace];
        var target = requestLine[(firstSpace + 1)..lastSpace];
        var version = requestLine[(lastSpace + 1)..];
        if (!HttpChars.IsToken(method))
        {
            return HeadParseResult.Bad("invalid method");
        }

        if (target.IndexOf((byte)' ') >= 0)
        {
            return HeadParseResult.Bad("malformed request line");
        }

        if (!version.SequenceEqual("HTTP/1.1"u8))
        {
            return version.SequenceEqual("HTTP/1.0"u8) ? HeadParseResult.Pass("HTTP/1.0") : HeadParseResult.Bad("unsupported HTTP version", version.StartsWith("HTTP/"u8) ? 505 : 400);
        }

        if (target.IndexOfAnyExceptInRange((byte)0x21, (byte)0x7E) >= 0)
        {
            return HeadParseResult.Bad("invalid character in the request target");
        }

        if (target.IsEmpty || target[0] != (byte)'/')
        {
            return HeadParseResult.Pass("target not in origin form");
        }

        if (method.SequenceEqual("CONNECT"u8) || method.SequenceEqual("PRI"u8))
        {
            return HeadParseResult.Pass("CONNECT or PRI");
        }

        var question = target.IndexOf((byte)'?');
        var path = question < 0 ? target : target[..question];
        var query = question < 0 ? [] : target[(question + 1)..];
        if (!HttpChars.IsPlainPath(path) || !HttpChars.IsPlainQuery(query))
        {
            return HeadParseResult.Pass("escaped, dot-segment or unusual target");
        }

        head.Method = KnownMethod(method) ?? (HeaderFields.SameText(method, previousMethod) ? previousMethod : Encoding.ASCII.GetString(method));
        head.RawTarget = HeaderFields.SameText(target, previousTarget) ? previousTarget : Encoding.ASCII.GetString(target);
        head.Path = question < 0 ? head.RawTarget : HeaderFields.SameText(path, previousPath) ? previousPath : head.RawTarget[..question];
        head.Query = question < 0 ? null : previousQuery is not null && HeaderFields.SameText(query, previousQuery) ? previousQuery : head.RawTarget[(question + 1)..];

        var lines = 0;
        var hosts = 0;
        var contentLengths = 0;
        var transferEncodings = 0;
        long contentLength = 0;
        var chunked = false;
        while (true)
        {
            lineEnd = rest.IndexOf("\r\n"u8);
            var line = rest[..lineEnd];
            rest = rest[(lineEnd + 2)..];
            if (line.IsEmpty)
            {
                break;
            }

            if (++lines > MaxHeaderLines)
            {
                return HeadParseResult.Bad("too many header lines", 431);
            }

            if (line[0] is (byte)' ' or (byte)'\t')
            {
                return HeadParseResult.Bad("obsolete line folding");
            }

            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || !HttpChars.IsToken(line[..colon]))
            {
                return HeadParseResult.Bad("invalid header name");
            }

            var value = HttpChars.TrimOws(line[(colon + 1)..]);
            switch (HttpChars.CheckValue(value))
            {
                case HttpChars.FieldValue.Invalid:
                    return HeadParseResult.Bad("invalid character in a header value");
                case HttpChars.FieldValue.ObsText:
                    return HeadParseResult.Pass("non-ASCII header value");
            }

            var name = KnownHeaders.Name(line[..colon]);
            switch (name)
            {
                case KnownHeaders.Host:
                    hosts++;
                    if (!IsHost(value))
                    {
                        return value.IsEmpty ? HeadParseResult.Pass("empty Host") : HeadParseResult.Bad("invalid Host");
                    }

                    break;
                case KnownHeaders.ContentLength:
                    if (++contentLengths > 1 || !TryParseLength(value, out contentLength))
                    {
                        return HeadParseResult.Bad("invalid or repeated Content-Length");
                    }

                    break;
                case KnownHeaders.TransferEncoding:
                    transferEncodings++;
                    if (transferEncodings > 1)
                    {
                        return HeadParseResult.Bad("repeated Transfer-Encoding");
                    }

                    if (!value.EqualsIgnoreCase("chunked"u8))
                    {
                        // Kestrel answers 400 when the last coding is not chunked; other lists (gzip, chunked) are rare: Kestrel's call.
                        return EndsWithChunked(value) ? HeadParseResult.Pass("transfer codings besides chunked") : HeadParseResult.Bad("final transfer coding is not chunked");
                    }

                    chunked = true;
                    break;
                case KnownHeaders.Connection:
                    if (HttpChars.ListHas(value, "upgrade"u8))
                    {
                        return HeadParseResult.Pass("Connection: upgrade");
                    }

                    head.Close |= HttpChars.ListHas(value, "close"u8);
                    break;
                case KnownHeaders.Upgrade:
                    return HeadParseResult.Pass("Upgrade");
                case KnownHeaders.Expect:
                    return HeadParseResult.Pass("Expect");
            }

            head.Headers.AddParsed(name, line[..colon], value);
        }

        if (hosts != 1)
        {
            return HeadParseResult.Bad(hosts == 0 ? "no Host header" : "more than one Host header");
        }

        if (chunked && contentLengths > 0)
        {
            return HeadParseResult.Bad("both Content-Length and Transfer-Encoding");
        }

        head.ContentLength = chunked ? -1 : contentLength;
        return new HeadParseResult(HeadParseStatus.Complete, bytes.Length);
    }

    private static string? KnownMethod(ReadOnlySpan<byte> method) =>
        method.SequenceEqual("GET"u8) ? "GET"
        : method.SequenceEqual("POST"u8) ? "POST"
        : method.SequenceEqual("PUT"u8) ? "PUT"
        : method.SequenceEqual("HEAD"u8) ? "HEAD"
        : method.SequenceEqual("DELETE"u8) ? "DELETE"
        : method.SequenceEqual("PATCH"u8) ? "PATCH"
        : method.SequenceEqual("OPTIONS"u8) ? "OPTIONS"
        : null;

    public static bool TryParseLength(ReadOnlySpan<byte> value, out long length)
    {
        length = 0;
        if (value.IsEmpty || value.Length > 18)
        {
            return false;
        }

        foreach (var b in value)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            length = length * 10 + (b - '0');
        }

        return true;
    }

    // What a Host value may hold here: letters, digits and . - : [ ] _ (anything else is refused, or left to Kestrel).
    private static readonly SearchValues<byte> HostBytes = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-:[]_"u8);

    /// <summary>host[:port]: a reg-name or IPv4 of the usual characters, or an IPv6 literal in brackets.</summary>
    private static bool IsHost(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }

        if (value.IndexOfAnyExcept(HostBytes) >= 0)
        {
            return false;
        }

        var colon = value.LastIndexOf((byte)':');
        var bracket = value.LastIndexOf((byte)']');
        if (colon > bracket && colon >= 0)
        {
            var port = value[(colon + 1)..];
            if (value[0] != (byte)'[' && value[..colon].IndexOf((byte)':') >= 0)
            {
                return false;
            }

            return port.IsEmpty || (TryParseLength(port, out var number) && number <= 65535);
        }

        return value[0] == (byte)'[' ? bracket == value.Length - 1 : value.IndexOf((byte)'[') < 0 && value.IndexOf((byte)']') < 0;
    }

    private static bool EndsWithChunked(ReadOnlySpan<byte> value)
    {
        var comma = value.LastIndexOf((byte)',');
        return comma >= 0 && HttpChars.TrimOws(value[(comma + 1)..]).EqualsIgnoreCase("chunked"u8);
    }

    private static bool EqualsIgnoreCase(this ReadOnlySpan<byte> span, ReadOnlySpan<byte> lower) =>
        System.Text.Ascii.EqualsIgnoreCase(span, lower);
}
