using Gateway.Core.Rules.Runtime;
using Microsoft.AspNetCore.Http;

namespace Gateway.Http;

/// <summary>Sends the answer a terminal rule chose. A tarpit first waits, without holding a thread, for the listener's tarpit timeout.</summary>
internal static class RuleResponseWriter
{
    public static readonly TimeSpan DefaultTarpitTimeout = TimeSpan.FromSeconds(5);

    public static async Task WriteAsync(HttpContext context, RuleResponse response, TimeSpan tarpitTimeout, TimeProvider time)
    {
        if (response.Kind == RuleResponseKind.Tarpit)
        {
            try
            {
                await Task.Delay(tarpitTimeout, time, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        var http = context.Response;
        http.StatusCode = response.StatusCode;
        // Error answers and redirects are not cached (HAProxy marks its own no-cache). A return is
        // the rule's own answer: as in HAProxy it carries only the headers the rule gives it.
        if (response.Kind != RuleResponseKind.Return)
        {
            http.Headers.CacheControl = "no-store";
        }

        foreach (var (name, value) in response.Headers)
        {
            http.Headers.Append(name, value);
        }

        if (response.Location is not null)
        {
            http.Headers.Location = response.Location;
        }

        if (response.Body is not null)
        {
            http.ContentType = response.ContentType ?? "text/plain; charset=utf-8";
            await http.WriteAsync(response.Body, context.RequestAborted);
        }
        else if (response.ContentType is not null)
        {
            http.ContentType = response.ContentType;
        }
    }
}
