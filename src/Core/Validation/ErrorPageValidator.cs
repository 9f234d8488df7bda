using System.Net.Http.Headers;
using Gateway.Core.Configuration;

namespace Gateway.Core.Validation;

/// <summary>A listener's custom error pages: an error status each, once, a body of bounded size and a media type that reads.</summary>
internal static class ErrorPageValidator
{
    public static void Validate(ListenerConfig listener, string path, ValidationErrors errors)
    {
        var seen = new HashSet<int>();
        for (var i = 0; i < listener.ErrorPages.Count; i++)
        {
            var page = listener.ErrorPages[i];
            var at = $"{path}.errorPages[{page.Status}]";
            if (page.Status is < 400 or > 599)
            {
                errors.Add(at, $"An error page answers a status from 400 to 599; found {page.Status}.");
            }
            else if (!seen.Add(page.Status))
            {
                errors.Add(at, $"Status {page.Status} has two error pages; keep one.");
            }

            if (page.Body is null || page.Body.Length > ErrorPageConfig.MaxBodyLength)
            {
                errors.Add($"{at}.body", $"An error page's body is required and at most {ErrorPageConfig.MaxBodyLength / 1024} KiB.");
            }

            if (page.ContentType is { } type && !MediaTypeHeaderValue.TryParse(type, out _))
            {
                errors.Add($"{at}.contentType", $"'{type}' is not a media type; write e.g. text/html; charset=utf-8 or application/problem+json.");
            }
        }
    }
}
