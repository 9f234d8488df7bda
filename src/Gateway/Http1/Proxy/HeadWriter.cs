using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using Gateway.Http1.Parsing;
using Microsoft.AspNetCore.WebUtilities;

namespace Gateway.Http1.Proxy;

/// <summary>Writes HTTP/1.1 heads and the core's own short answers as ASCII/Latin-1 bytes.</summary>
internal static class HeadWriter
{
    /// <summary>One field line, "name: value" and CRLF, asked of the writer as one span.</summary>
    public static void Line(ref HeadSpanWriter writer, string name, string value)
    {
        var length = name.Length + value.Length + 4;
        var span = writer.Reserve(length);
        if (Ascii.FromUtf16(name, span, out var written) != OperationStatus.Done)
        {
            written = Encoding.Latin1.GetBytes(name, span);
        }

        span[written++] = (byte)':';
        span[written++] = (byte)' ';
        if (Ascii.FromUtf16(value, span[written..], out var valueBytes) != OperationStatus.Done)
        {
            valueBytes = Encoding.Latin1.GetBytes(value, span[written..]);
        }

        written += valueBytes;
        span[written++] = (byte)'\r';
        span[written++] = (byte)'\n';
        writer.Advance(written);
    }

    /// <summary>
    /// Text as Latin-1 bytes (one byte per char: what the parsers read and the rules may write). Nearly all of it is
    /// ASCII, which <see cref="Ascii.FromUtf16"/> narrows faster than the Latin-1 encoder; anything else takes the encoder.
    /// </summary>
    public static void Text(ref HeadSpanWriter writer, string text)
    {
        var span = writer.Reserve(text.Length);
        if (Ascii.FromUtf16(text, span, out var written) != OperationStatus.Done)
        {
            written = Encoding.Latin1.GetBytes(text, span);
        }

        writer.Advance(written);
    }

    public static void StatusLine(ref HeadSpanWriter writer, int status, string? reason)
    {
        writer.Write("HTTP/1.1 "u8);
        if (status is < 100 or > 999)
        {
            Text(ref writer, status.ToString(CultureInfo.InvariantCulture));
            writer.Write(" "u8);
            Text(ref writer, string.IsNullOrEmpty(reason) ? ReasonPhrases.GetReasonPhrase(status) : reason);
            writer.Write("\r\n"u8);
            return;
        }

        // Three digits, written without making a string.
        var digits = writer.Reserve(4);
        digits[0] = (byte)('0' + (status / 100 % 10));
        digits[1] = (byte)('0' + (status / 10 % 10));
        digits[2] = (byte)('0' + (status % 10));
        digits[3] = (byte)' ';
        writer.Advance(4);
        Text(ref writer, string.IsNullOrEmpty(reason) ? ReasonPhrases.GetReasonPhrase(status) : reason);
        writer.Write("\r\n"u8);
    }

    /// <summary>A whole answer the core makes itself (rule answers, errors, the not-found page).</summary>
    public static ValueTask<FlushResult> WriteAnswerAsync(PipeWriter output, int status, string? reason, IEnumerable<KeyValuePair<string, string>> headers, string? contentType, string? body, bool close, bool headRequest)
    {
        WriteAnswer(output, status, reason, headers, contentType, body, close, headRequest);
        return output.FlushAsync();
    }

    private static void WriteAnswer(IBufferWriter<byte> output, int status, string? reason, IEnumerable<KeyValuePair<string, string>> headers, string? contentType, string? body, bool close, bool headRequest)
    {
        var writer = new HeadSpanWriter(output);
        StatusLine(ref writer, status, reason);
        var bytes = body is null ? [] : Encoding.UTF8.GetBytes(body);
        foreach (var (name, value) in headers)
        {
            Line(ref writer, name, value);
        }

        if (contentType is not null)
        {
            Line(ref writer, "Content-Type", contentType);
        }

        Line(ref writer, "Content-Length", bytes.Length.ToString(CultureInfo.InvariantCulture));
        Line(ref writer, "Date", DateTimeOffset.UtcNow.ToString("r", CultureInfo.InvariantCulture));
        if (close)
        {
            writer.Write("Connection: close\r\n"u8);
        }

        writer.Write("\r\n"u8);
        writer.Commit();
        if (!headRequest)
        {
            output.Write(bytes);
        }
    }

    /// <summary>The response head relayed from a server: its status and headers without hop-by-hop fields, and our own framing.</summary>
    public static void ResponseHead(IBufferWriter<byte> output, ResponseHead head, string? stickyCookie, bool close)
    {
        var writer = new HeadSpanWriter(output);
        StatusLine(ref writer, head.Status, head.Reason);
        for (var i = 0; i < head.Headers.Length; i++)
        {
            var (name, value) = head.Headers[i];
            // Content-Length is relayed as the server sent it (the parser checked it): a HEAD or 304 answer keeps its value.
            if (!KnownHeaders.IsHopByHop(name))
            {
                Line(ref writer, name, value);
            }
        }

        if (stickyCookie is not null)
        {
            Line(ref writer, "Set-Cookie", stickyCookie);
        }

        if (head.Chunked)
        {
            writer.Write("Transfer-Encoding: chunked\r\n"u8);
        }

        if (close || head.UntilClose)
        {
            writer.Write("Connection: close\r\n"u8);
        }

        writer.Write("\r\n"u8);
        writer.Commit();
    }
}
