namespace Gateway.Differential.Tests.Infrastructure;

/// <summary>
/// Rules text (a HAProxy frontend's ACLs and rules, written as in our listener rules) and raw
/// requests, run through HAProxy 2.6 and through the gateway; their answers must agree.
/// </summary>
/// <param name="Name">Short and unique; names the HAProxy frontend and our listener.</param>
/// <param name="Requests">Each a raw request head without its final blank line; <c>Host: h</c> and <c>Connection: close</c> are added when absent.</param>
public sealed record DifferentialCase(string Name, string Rules, params string[] Requests)
{
    /// <summary>Set when we differ from HAProxy on purpose: the reason, which docs/rules.md's differences section must state.</summary>
    public string? Differs { get; init; }

    /// <summary>Response headers compared besides the ones every case compares (x-*, location, set-cookie).</summary>
    public string[] ResponseHeaders { get; init; } = [];

    /// <summary>Map files by name (key, space, value a line); rules name them as <c>map(@MAPS@/NAME.map)</c>.</summary>
    public IReadOnlyDictionary<string, string> Maps { get; init; } = new Dictionary<string, string>();

    /// <summary>Whether the body of an answer the rules generated is compared (return, deny with a body).</summary>
    public bool CompareBody { get; init; }

    public override string ToString() => Name;

    /// <summary>The request as sent: CRLF line ends, a Host and Connection: close when absent, the blank line.</summary>
    public static string Wire(string request)
    {
        var lines = request.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (!lines.Skip(1).Any(l => l.StartsWith("host:", StringComparison.OrdinalIgnoreCase)) && lines[0].EndsWith("HTTP/1.1", StringComparison.Ordinal))
        {
            lines.Insert(1, "Host: h");
        }

        if (!lines.Skip(1).Any(l => l.StartsWith("connection:", StringComparison.OrdinalIgnoreCase)))
        {
            lines.Add("Connection: close");
        }

        return string.Join("\r\n", lines) + "\r\n\r\n";
    }
}
