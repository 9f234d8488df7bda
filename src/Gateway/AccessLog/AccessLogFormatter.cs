using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Gateway.AccessLog;

/// <summary>
/// The two line formats: text in the order of HAProxy's httplog, and JSON with the same fields by name. Both write
/// UTF-8 straight into the writer's batch (no string per line on the way to the disk); the string forms serve tests.
/// </summary>
internal static class AccessLogFormatter
{
    /// <summary>A target longer than this is cut (and marked with an ellipsis) in the text line.</summary>
    public const int MaxTargetChars = 2048;

    private const int MaxLineBytes = 4 * 1024 * 1024;

    // Characters of a client-controlled target that would forge or break a text line: written as \xHH.
    private static readonly SearchValues<char> Unsafe = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000a\u000b\u000c\u000d\u000e\u000f" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f\"\u007f");

    public static string Text(AccessLogRecord r)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        WriteText(r, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string Json(AccessLogRecord r)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            WriteJson(r, json);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The text line (no newline) into <paramref name="output"/>.</summary>
    public static void WriteText(AccessLogRecord r, IBufferWriter<byte> output)
    {
        // Lines are short; a span too small (a long target) is retried larger. Every field is bounded (the target by
        // MaxTargetChars), so the largest size is never reached in practice.
        for (var size = 1024; ; size *= 8)
        {
            var span = output.GetSpan(size);
            if (TryWriteText(r, span, out var written) || size >= MaxLineBytes)
            {
                output.Advance(written);
                return;
            }
        }
    }

    /// <summary>The JSON object into <paramref name="json"/> (the caller flushes or disposes it).</summary>
    public static void WriteJson(AccessLogRecord r, Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("time", r.AcceptedAt);
        json.WriteString("client", r.Client);
        json.WriteString("listener", r.Listener);
        if (r.Mode is not null)
        {
            json.WriteString("mode", r.Mode);
        }
        else
        {
            json.WriteString("method", r.Method);
            json.WriteString("target", r.Target);
            json.WriteString("protocol", r.Protocol);
            json.WriteNumber("status", r.Status);
        }

        json.WriteNumber("bytesIn", r.BytesIn);
        json.WriteNumber("bytesOut", r.BytesOut);
        json.WriteNumber("tw", r.Tw);
        json.WriteNumber("tr", r.Tr);
        json.WriteNumber("ta", r.Ta);
        WriteOptional(json, "route", r.Route);
        WriteOptional(json, "cluster", r.Cluster);
        WriteOptional(json, "server", r.Server);
        json.WriteNumber("retries", r.Retries);
        json.WriteString("termination", r.Termination);
        WriteOptional(json, "rule", r.RuleAnswer);
        WriteOptional(json, "ruleScope", r.RuleScope);
        if (r.RuleScope is not null)
        {
            json.WriteNumber("ruleLine", r.RuleLine);
        }

        json.WriteString("revision", r.Revision);
        json.WriteEndObject();
    }

    private static bool TryWriteText(AccessLogRecord r, Span<byte> span, out int n)
    {
        var invariant = CultureInfo.InvariantCulture;
        n = 0;
        var server = r.Server ?? (r.Mode is null ? "<NOSRV>" : "-");
        if (!Utf8.TryWrite(span, invariant, $"{r.Client} [", out var w) || !TryWriteTime(r.AcceptedAt, span[w..]))
        {
            return false;
        }

        n += w + TimeBytes;
        if (!Utf8.TryWrite(span[n..], invariant, $"] {r.Listener} {r.Cluster ?? "-"}/{server} ", out w))
        {
            return false;
        }

        n += w;
        var timers = r.Mode is null
            ? Utf8.TryWrite(span[n..], invariant, $"-1/{r.Tw}/-1/{r.Tr}/{r.Ta} {r.Status} {r.BytesOut} ", out w)
            : Utf8.TryWrite(span[n..], invariant, $"-1/{r.Tw}/-1/{r.Ta} {r.BytesOut} ", out w);
        if (!timers)
        {
            return false;
        }

        n += w;
        if (!Utf8.TryWrite(span[n..], invariant, $"{r.Termination} retries={r.Retries} in={r.BytesIn} route={r.Route ?? "-"} rule=", out w))
        {
            return false;
        }

        n += w;
        if (!TryWriteRule(r, span[n..], out w))
        {
            return false;
        }

        n += w;
        if (!Utf8.TryWrite(span[n..], invariant, $" rev={r.Revision}", out w))
        {
            return false;
        }

        span.Slice(n + 5, w - 5).Replace((byte)' ', (byte)'_'); // the revision is one field: "revision 3" -> revision_3
        n += w;
        if (r.Mode is not null)
        {
            var mode = Utf8.TryWrite(span[n..], invariant, $" mode={r.Mode}", out w);
            n += w;
            return mode;
        }

        if (!Utf8.TryWrite(span[n..], invariant, $" \"{r.Method} ", out w))
        {
            return false;
        }

        n += w;
        if (!TryWriteTarget(r.Target, span[n..], out w))
        {
            return false;
        }

        n += w;
        var end = Utf8.TryWrite(span[n..], invariant, $" {r.Protocol}\"", out w);
        n += w;
        return end;
    }

    private const int TimeBytes = 24; // 06/Dec/2026:11:02:03.045

    // HAProxy's date format, dd/MMM/yyyy:HH:mm:ss.fff, written digit by digit: a custom DateTimeOffset format string
    // is parsed again on every call, and this runs once per request.
    private static bool TryWriteTime(DateTimeOffset at, Span<byte> span)
    {
        if (span.Length < TimeBytes)
        {
            return false;
        }

        var t = at.DateTime;
        Two(span, 0, t.Day);
        span[2] = (byte)'/';
        "JanFebMarAprMayJunJulAugSepOctNovDec"u8.Slice((t.Month - 1) * 3, 3).CopyTo(span[3..]);
        span[6] = (byte)'/';
        Two(span, 7, t.Year / 100);
        Two(span, 9, t.Year % 100);
        span[11] = (byte)':';
        Two(span, 12, t.Hour);
        span[14] = (byte)':';
        Two(span, 15, t.Minute);
        span[17] = (byte)':';
        Two(span, 18, t.Second);
        span[20] = (byte)'.';
        span[21] = (byte)('0' + (t.Millisecond / 100));
        Two(span, 22, t.Millisecond % 100);
        return true;

        static void Two(Span<byte> span, int at, int value)
        {
            span[at] = (byte)('0' + (value / 10));
            span[at + 1] = (byte)('0' + (value % 10));
        }
    }

    /// <summary><c>deny@route/api:3</c>: the action, then where its rule is written (scope kind/id and line); <c>-</c> when no rule answered.</summary>
    private static bool TryWriteRule(AccessLogRecord r, Span<byte> span, out int n)
    {
        if (r.RuleAnswer is null || r.RuleScope is null)
        {
            return Utf8.TryWrite(span, CultureInfo.InvariantCulture, $"{r.RuleAnswer ?? "-"}", out n);
        }

        if (!Utf8.TryWrite(span, CultureInfo.InvariantCulture, $"{r.RuleAnswer}@{r.RuleScope}", out n))
        {
            return false;
        }

        var answerBytes = Encoding.UTF8.GetByteCount(r.RuleAnswer) + 1;
        span.Slice(answerBytes, n - answerBytes).Replace((byte)' ', (byte)'/'); // "route api" -> route/api
        var line = Utf8.TryWrite(span[n..], CultureInfo.InvariantCulture, $":{r.RuleLine}", out var w);
        n += w;
        return line;
    }

    // A target is client-controlled: control characters and quotes would forge or break lines, so they are written
    // as \xHH; a very long one is cut.
    private static bool TryWriteTarget(string target, Span<byte> span, out int n)
    {
        n = 0;
        var rest = target.AsSpan();
        var cut = rest.Length > MaxTargetChars;
        if (cut)
        {
            rest = rest[..MaxTargetChars];
            if (char.IsHighSurrogate(rest[^1]))
            {
                rest = rest[..^1];
            }
        }

        while (!rest.IsEmpty)
        {
            var bad = rest.IndexOfAny(Unsafe);
            var clean = bad < 0 ? rest : rest[..bad];
            if (!Encoding.UTF8.TryGetBytes(clean, span[n..], out var w))
            {
                return false;
            }

            n += w;
            if (bad < 0)
            {
                break;
            }

            if (!Utf8.TryWrite(span[n..], CultureInfo.InvariantCulture, $"\\x{(int)rest[bad]:x2}", out w))
            {
                return false;
            }

            n += w;
            rest = rest[(bad + 1)..];
        }

        if (cut)
        {
            if (!"…"u8.TryCopyTo(span[n..]))
            {
                return false;
            }

            n += "…"u8.Length;
        }

        return true;
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
