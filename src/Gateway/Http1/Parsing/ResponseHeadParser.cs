using System.Buffers;
using System.Text;

namespace Gateway.Http1.Parsing;

/// <summary>
/// Reads a server's response head strictly: two different lengths or a coding other than a single chunked is a bad
/// response (502), and the connection it came on is closed, never reused. A head with both Content-Length and
/// Transfer-Encoding: chunked is relayed chunked without its Content-Length, as RFC 9112 §6.3 asks of an intermediary
/// that forwards it (HAProxy and YARP do so too), and the server connection is closed after it: the server framed it
/// ambiguously, so nothing more is read from that connection.
/// </summary>
internal static class ResponseHeadParser
{
    public const int MaxHeadBytes = 64 * 1024;

    public static HeadParseResult TryParse(in ReadOnlySequence<byte> buffer, ResponseHead head, bool headRequest)
    {
        // The usual case: the whole head came in the first segment; one vectorised search finds its end.
        var first = buffer.FirstSpan;
        var end = first.IndexOf("\r\n\r\n"u8);
        if (end >= 0)
        {
            return Parse(first[..(end + 4)], head, headRequest);
        }

        if (buffer.IsSingleSegment)
        {
            return buffer.Length > MaxHeadBytes ? HeadParseResult.Bad("response head too large", 502) : HeadParseResult.Incomplete;
        }

        var position = buffer.PositionOf((byte)'\n');
        if (position is null)
        {
            return buffer.Length > MaxHeadBytes ? HeadParseResult.Bad("response head too large", 502) : HeadParseResult.Incomplete;
        }

        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> _, "\r\n\r\n"u8))
        {
            return buffer.Length > MaxHeadBytes ? HeadParseResult.Bad("response head too large", 502) : HeadParseResult.Incomplete;
        }

        var length = (int)reader.Consumed;
        if (buffer.FirstSpan.Length >= length)
        {
            return Parse(buffer.FirstSpan[..length], head, headRequest);
        }

        var copy = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            buffer.Slice(0, length).CopyTo(copy);
            return Parse(copy.AsSpan(0, length), head, headRequest);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    private static HeadParseResult Parse(ReadOnlySpan<byte> bytes, ResponseHead head, bool headRequest)
    {
        var previousReason = head.ParsedReason;
        head.Reset();
        var lineEnd = bytes.IndexOf("\r\n"u8);
        var statusLine = bytes[..lineEnd];
        var rest = bytes[(lineEnd + 2)..];
        // HTTP/1.x SSS[ reason]
        if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1."u8) || statusLine[8] != (byte)' '
            || !RequestHeadParser.TryParseLength(statusLine.Slice(9, 3), out var status) || status < 100
            || (statusLine.Length > 12 && statusLine[12] != (byte)' '))
        {
            return HeadParseResult.Bad("malformed status line", 502);
        }

        var http10 = statusLine[7] == (byte)'0';
        head.Status = (int)status;
        var reason = statusLine.Length > 13 ? statusLine[13..] : [];
        head.Reason = head.ParsedReason = reason.IsEmpty ? "" : HeaderFields.SameText(reason, previousReason) ? previousReason : Encoding.Latin1.GetString(reason);
        long? contentLength = null;
        var chunked = false;
        var keepAlive = false;
        while (true)
        {
            lineEnd = rest.IndexOf("\r\n"u8);
            var line = rest[..lineEnd];
            rest = rest[(lineEnd + 2)..];
            if (line.IsEmpty)
            {
                break;
            }

            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || line[0] is (byte)' ' or (byte)'\t' || !HttpChars.IsToken(line[..colon]))
            {
                return HeadParseResult.Bad("malformed response header", 502);
            }

            var value = HttpChars.TrimOws(line[(colon + 1)..]);
            if (HttpChars.CheckValue(value) == HttpChars.FieldValue.Invalid)
            {
                return HeadParseResult.Bad("invalid character in a response header", 502);
            }

            var name = KnownHeaders.Name(line[..colon]);
            if (ReferenceEquals(name, KnownHeaders.ContentLength))
            {
                if (!RequestHeadParser.TryParseLength(value, out var parsed) || (contentLength is { } seen && seen != parsed))
                {
                    return HeadParseResult.Bad("invalid Content-Length from the server", 502);
                }

                contentLength = parsed;
            }
            else if (ReferenceEquals(name, KnownHeaders.TransferEncoding))
            {
                if (chunked || !System.Text.Ascii.EqualsIgnoreCase(value, "chunked"u8))
                {
                    return HeadParseResult.Bad("unsupported Transfer-Encoding from the server", 502);
                }

                chunked = true;
            }
            else if (ReferenceEquals(name, KnownHeaders.Connection))
            {
                head.Close |= HttpChars.ListHas(value, "close"u8);
                keepAlive |= HttpChars.ListHas(value, "keep-alive"u8);
            }

            head.Headers.AddParsed(name, line[..colon], value);
        }

        if (chunked && contentLength is not null)
        {
            head.Headers.Remove(KnownHeaders.ContentLength);
            head.Close = true;
        }

        head.Close |= http10 && !keepAlive;
        head.ContentLength = headRequest || head.Status is 204 or 304 || head.Status < 200 ? 0
            : chunked ? -1
            : contentLength ?? -2;
        if (head.UntilClose)
        {
            head.Close = true;
        }

        return new HeadParseResult(HeadParseStatus.Complete, bytes.Length);
    }
}
