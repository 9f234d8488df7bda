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
    public static void Line(IBufferWriter<byte> writer, string name, string value)
    {
        Text(writer, name);
        writer.Write(": "u8);
        Text(writer, value);
        writer.Write("\r\n"u8);
    }

    public static void Text(IBufferWriter<byte> writer, string text)
    {
        var span = writer.GetSpan(text.Length);
        var written = Encoding.Latin1.GetBytes(text, span);
        writer.Advance(written);
    }

    public static void StatusLine(IBufferWriter<byte> writer, int status, string? reason)
    {
        writer.Write("HTTP/1.1 "u8);
        if (status is < 100 or > 999)
        {
            Text(writer, status.ToString(CultureInfo.InvariantCulture));
            writer.Write(" "u8);
            Text(writer, string.IsNullOrEmpty(reason) ? ReasonPhrases.GetReasonPhrase(status) : reason);
            writer.Write("\r\n"u8);
            return;
        }

        // Three digits, written without making a string.
        var digits = writer.GetSpan(4);
        digits[0] = (byte)('0' + (status / 100 % 10));
        digits[1] = (byte)('0' + (status / 10 % 10));
        digits[2] = (byte)('0' + (status % 10));
        digits[3] = (byte)' ';
        writer.Advance(4);
        Text(writer, string.IsNullOrEmpty(reason) ? ReasonPhrases.GetReasonPhrase(status) : reason);
        writer.Write("\r\n"u8);
    }

    /// <summary>A whole answer the core makes itself (rule answers, errors, the not-found page).</summary>
    public static async ValueTask WriteAnswerAsync(PipeWriter output, int status, string? reason, IEnumerable<KeyValuePair<string, string>> headers, string? contentType, string? body, bool close, bool headRequest)
    {
        StatusLine(output, status, reason);
        var bytes = body is null ? [] : Encoding.UTF8.GetBytes(body);
        foreach (var (name, value) in headers)
        {
            Line(output, name, value);
        }

        if (contentType is not null)
        {
            Line(output, "Content-Type", contentType);
        }

        Line(output, "Content-Length", bytes.Length.ToString(CultureInfo.InvariantCulture));
        Line(output, "Date", DateTimeOffset.UtcNow.ToString("r", CultureInfo.InvariantCulture));
        if (close)
        {
            output.Write("Connection: close\r\n"u8);
        }

        output.Write("\r\n"u8);
        if (!headRequest)
        {
            output.Write(bytes);
        }

        await output.FlushAsync();
    }

    /// <summary>The response head relayed from a server: its status and headers without hop-by-hop fields, and our own framing.</summary>
    public static void ResponseHead(IBufferWriter<byte> writer, ResponseHead head, string? stickyCookie, bool close)
    {
        StatusLine(writer, head.Status, head.Reason);
        for (var i = 0; i < head.Headers.Length; i++)
        {
            var (name, value) = head.Headers[i];
            // Content-Length is relayed as the server sent it (the parser checked it): a HEAD or 304 answer keeps its value.
            if (!KnownHeaders.IsHopByHop(name))
            {
                Line(writer, name, value);
            }
        }

        if (stickyCookie is not null)
        {
            Line(writer, "Set-Cookie", stickyCookie);
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
    }
}
