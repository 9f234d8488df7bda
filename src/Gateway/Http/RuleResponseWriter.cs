using Gateway.Core.Configuration;
using Gateway.Core.Rules.Runtime;
using Microsoft.AspNetCore.Http;

namespace Gateway.Http;

/// <summary>Sends the answer a terminal rule chose. A tarpit first waits, without holding a thread, for the listener's tarpit timeout.</summary>
internal static class RuleResponseWriter
{
    public static readonly TimeSpan DefaultTarpitTimeout = TimeSpan.FromSeconds(5);

    public static async Task WriteAsync(HttpContext context, RuleResponse response, TimeSpan tarpitTimeout, TimeProvider time, IReadOnlyList<ErrorPageConfig> errorPages)
    {
        if (response.Kind == RuleResponseKind.Tarpit)
        {
            try
            {
                await Task.Delay(tarpitTimeout, time, Connections.ClientHalfClose.WaitToken(context));
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
        else if (response.Kind is RuleResponseKind.Deny or RuleResponseKind.Tarpit or RuleResponseKind.RewriteFailed && response.StatusCode >= 400)
        {
            // An error the rules generated: a short page instead of an empty body (a blank page in a browser).
            await ErrorPages.WriteAsync(context, response.StatusCode, errorPages);
        }
    }
}
