using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Gateway.AccessLog;

/// <summary>The two line formats: text in the order of HAProxy's httplog, and JSON with the same fields by name.</summary>
internal static class AccessLogFormatter
{
    public static string Text(AccessLogRecord r)
    {
        var line = new StringBuilder(256);
        line.Append(r.Client).Append(" [").Append(r.AcceptedAt.ToString("dd/MMM/yyyy:HH:mm:ss.fff", CultureInfo.InvariantCulture)).Append("] ")
            .Append(r.Listener).Append(' ')
            .Append(r.Cluster ?? "-").Append('/').Append(r.Server ?? (r.Mode is null ? "<NOSRV>" : "-")).Append(' ');
        if (r.Mode is null)
        {
            line.Append(CultureInfo.InvariantCulture, $"-1/{r.Tw}/-1/{r.Tr}/{r.Ta} {r.Status} {r.BytesOut} ");
        }
        else
        {
            line.Append(CultureInfo.InvariantCulture, $"-1/{r.Tw}/-1/{r.Ta} {r.BytesOut} ");
        }

        line.Append(r.Termination)
            .Append(CultureInfo.InvariantCulture, $" retries={r.Retries} in={r.BytesIn} route={r.Route ?? "-"} rule={RuleText(r)} rev={r.Revision.Replace(' ', '_')}");
        if (r.Mode is null)
        {
            line.Append(" \"").Append(r.Method).Append(' ').Append(Escape(r.Target)).Append(' ').Append(r.Protocol).Append('"');
        }
        else
        {
            line.Append(" mode=").Append(r.Mode);
        }

        return line.ToString();
    }

    /// <summary><c>deny@route/api:3</c>: the action, then where its rule is written (scope kind/id and line); <c>-</c> when no rule answered.</summary>
    private static string RuleText(AccessLogRecord r) =>
        r.RuleAnswer is null ? "-"
        : r.RuleScope is null ? r.RuleAnswer
        : string.Create(CultureInfo.InvariantCulture, $"{r.RuleAnswer}@{r.RuleScope.Replace(' ', '/')}:{r.RuleLine}");

    public static string Json(AccessLogRecord r)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
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

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    // A target is client-controlled: control characters and quotes would forge or break lines.
    private static string Escape(string target)
    {
        foreach (var c in target)
        {
            if (c < 0x20 || c == '"' || c == 0x7f)
            {
                var escaped = new StringBuilder(target.Length + 16);
                foreach (var d in target)
                {
                    escaped.Append(d < 0x20 || d == '"' || d == 0x7f ? $"\\x{(int)d:x2}" : d.ToString());
                }

                return escaped.ToString();
            }
        }

        return target.Length > 2048 ? target[..2048] + "…" : target;
    }
}
