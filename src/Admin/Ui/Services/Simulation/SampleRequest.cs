using System.Net;
using Gateway.Core.Validation;
using Gateway.Explain;

namespace Gateway.Admin.Ui.Services.Simulation;

/// <summary>
/// A request described in a form (nothing is sent anywhere): method, URL, header lines
/// (<c>Name: value</c>, one a line) and the client's address. Settable so a form can bind it.
/// </summary>
public sealed class SampleRequest
{
    /// <summary>The listener it arrives on; when left empty, a listener that can reach the scope being edited.</summary>
    public string? Listener { get; set; }

    public string? Method { get; set; } = "GET";

    /// <summary>Path and query, or an absolute URL whose host becomes the Host header.</summary>
    public string? Url { get; set; } = "/";

    public string? Headers { get; set; }

    public string? ClientAddress { get; set; }

    /// <summary>The described request for <paramref name="listener"/>, or every field at fault (paths are the form's field names).</summary>
    public ExplainRequest? ToExplainRequest(string listener, List<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;
        var method = string.IsNullOrWhiteSpace(Method) ? "GET" : Method.Trim();
        if (!method.All(c => char.IsAsciiLetter(c) || c == '-'))
        {
            errors.Add(new(nameof(Method), $"'{method}' is not a method; use a word such as GET or POST."));
        }

        var url = string.IsNullOrWhiteSpace(Url) ? "/" : Url.Trim();
        if (!url.StartsWith('/') && !(Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"))
        {
            errors.Add(new(nameof(Url), $"'{url}' is neither a path (starting with /) nor an http or https URL."));
        }

        var headers = ParseHeaders(Headers, errors);
        var client = string.IsNullOrWhiteSpace(ClientAddress) ? null : ClientAddress.Trim();
        if (client is not null && !IPAddress.TryParse(client, out _))
        {
            errors.Add(new(nameof(ClientAddress), $"'{client}' is not an IP address, such as 192.0.2.1 or 2001:db8::1."));
        }

        if (errors.Count > before)
        {
            return null;
        }

        var request = new ExplainRequest { Listener = listener, Method = method.ToUpperInvariant(), Url = url, Headers = headers };
        return client is null ? request : request with { ClientAddress = client };
    }

    private static List<KeyValuePair<string, string>> ParseHeaders(string? text, List<ValidationError> errors)
    {
        var headers = new List<KeyValuePair<string, string>>();
        var lines = (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = colon > 0 ? line[..colon].Trim() : "";
            if (name.Length == 0 || !name.All(IsTokenChar))
            {
                errors.Add(new(nameof(Headers), $"Line {n + 1}: write a header as 'Name: value' (for example 'Accept: text/html')."));
                continue;
            }

            headers.Add(new(name, line[(colon + 1)..].Trim()));
        }

        return headers;
    }

    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);
}
