namespace Gateway.Differential.Tests.Infrastructure;

/// <summary>
/// What a client and the servers saw of one request through one proxy, reduced to what the rules
/// decide: the status, which server answered, what it received (request line and headers, without
/// what each proxy adds for itself), the response headers rules set, and a generated answer's body.
/// </summary>
public sealed record Observation(int Status, string? Backend, string? Received, string ResponseHeaders, string? Body)
{
    /// <summary>Headers a proxy adds or drops on its own, whatever the rules say; compared nowhere.</summary>
    private static readonly HashSet<string> ProxyOwnRequestHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "connection", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-prefix", "forwarded",
        "traceparent", "tracestate", "request-id", "content-length",
    };

    public static Observation From(RawResponse response, DifferentialCase @case)
    {
        var backend = response.Header("x-backend");
        string? received = null;
        if (backend is not null)
        {
            var lines = response.Body.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            var headers = lines.Skip(1)
                .Select(l => (Name: l[..l.IndexOf(':', StringComparison.Ordinal)].ToLowerInvariant(), Value: l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()))
                .Where(h => !ProxyOwnRequestHeaders.Contains(h.Name))
                .Select(h => $"{h.Name}: {h.Value}")
                .Order(StringComparer.Ordinal);
            received = lines[0] + "\n" + string.Join("\n", headers);
        }

        var compared = response.Headers
            .Where(h => h.Key != "x-backend" && (h.Key.StartsWith("x-", StringComparison.Ordinal) || h.Key is "location" or "set-cookie" || @case.ResponseHeaders.Contains(h.Key)))
            .Select(h => $"{h.Key}: {h.Value}")
            .Order(StringComparer.Ordinal);
        return new Observation(response.Status, backend, received, string.Join("\n", compared), backend is null && @case.CompareBody ? response.Body : null);
    }
}
