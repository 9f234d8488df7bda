using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Gateway.Core.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Gateway.Http;

/// <summary>
/// The body of an error the gateway generates itself (a deny, a tarpit, a failed rewrite, an unknown cluster), so a
/// browser never shows a blank page: the listener's own page for the status when it has one (HAProxy's
/// <c>errorfile</c>), else a short built-in one, problem+json for clients that ask for JSON and HTML for the rest.
/// </summary>
internal static class ErrorPages
{
    public static Task WriteAsync(HttpContext context, int status, IReadOnlyList<ErrorPageConfig> custom)
    {
        var (contentType, body) = Render(status, custom, context.Request.Headers.Accept);
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>The page for <paramref name="status"/>: its content type and body, for any path that writes the answer itself.</summary>
    public static (string ContentType, string Body) Render(int status, IReadOnlyList<ErrorPageConfig> custom, StringValues accept)
    {
        foreach (var page in custom)
        {
            if (page.Status == status)
            {
                return (page.ContentType ?? ErrorPageConfig.DefaultContentType, page.Body);
            }
        }

        var title = ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";
        var detail = Detail(status);
        if (PrefersJson(accept))
        {
            var json = JsonSerializer.Serialize(new ProblemBody("about:blank", title, status, detail), ErrorPagesJsonContext.Default.ProblemBody);
            return ("application/problem+json", json + "\n");
        }

        var heading = HtmlEncoder.Default.Encode($"{status} {title}");
        var html = new StringBuilder()
            .Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(heading).Append("</title></head>\n")
            .Append("<body><h1>").Append(heading).Append("</h1>\n<p>").Append(HtmlEncoder.Default.Encode(detail)).Append("</p></body></html>\n")
            .ToString();
        return ("text/html; charset=utf-8", html);
    }

    /// <summary>JSON when the client's most wanted type is JSON (<c>application/json</c>, <c>application/problem+json</c>, any <c>+json</c>); HTML otherwise.</summary>
    internal static bool PrefersJson(HttpRequest request) => PrefersJson(request.Headers.Accept);

    internal static bool PrefersJson(StringValues accept)
    {
        if (!MediaTypeHeaderValue.TryParseList(accept, out var accepted) || accepted.Count == 0)
        {
            return false;
        }

        // The first of the most wanted types decides; q=0 means "not this".
        MediaTypeHeaderValue? best = null;
        var bestQuality = 0.0;
        foreach (var type in accepted)
        {
            if ((type.Quality ?? 1) > bestQuality)
            {
                (best, bestQuality) = (type, type.Quality ?? 1);
            }
        }

        return best is { } chosen
            && (chosen.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || chosen.MediaType.Equals("application/problem+json", StringComparison.OrdinalIgnoreCase)
                || chosen.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));
    }

    // Our own words, one line each: what happened, from the client's side.
    private static string Detail(int status) => status switch
    {
        400 => "The request could not be read.",
        401 => "This resource needs credentials.",
        403 => "The gateway's rules do not allow this request.",
        404 => "Nothing is here.",
        405 => "This method is not allowed here.",
        408 => "The request did not arrive in time.",
        410 => "This resource is gone for good.",
        413 => "The request body is larger than allowed.",
        429 => "Too many requests; try again later.",
        500 => "The gateway could not complete the request.",
        501 => "The gateway does not support this request.",
        502 => "The server behind the gateway gave no valid answer.",
        503 => "No server is available for this request right now.",
        504 => "The server behind the gateway did not answer in time.",
        _ => "The gateway answered this request with an error.",
    };
}

/// <summary>An RFC 9457 problem, as the built-in error pages write it for JSON clients.</summary>
internal sealed record ProblemBody(
    [property: System.Text.Json.Serialization.JsonPropertyName("type")] string Type,
    [property: System.Text.Json.Serialization.JsonPropertyName("title")] string Title,
    [property: System.Text.Json.Serialization.JsonPropertyName("status")] int Status,
    [property: System.Text.Json.Serialization.JsonPropertyName("detail")] string Detail);

[System.Text.Json.Serialization.JsonSerializable(typeof(ProblemBody))]
internal sealed partial class ErrorPagesJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
