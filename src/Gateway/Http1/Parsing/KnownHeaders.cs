namespace Gateway.Http1.Parsing;

/// <summary>The header names the core acts on, interned so comparisons and writes need no new strings.</summary>
internal static class KnownHeaders
{
    public const string Host = "Host";
    public const string ContentLength = "Content-Length";
    public const string TransferEncoding = "Transfer-Encoding";
    public const string Connection = "Connection";
    public const string Upgrade = "Upgrade";
    public const string Expect = "Expect";
    public const string KeepAlive = "Keep-Alive";
    public const string ProxyConnection = "Proxy-Connection";
    public const string Te = "TE";
    public const string Trailer = "Trailer";

    private static readonly string[] Common =
    [
        Host, ContentLength, TransferEncoding, Connection, Upgrade, Expect, KeepAlive, ProxyConnection, Te, Trailer,
        "Accept", "Accept-Encoding", "Accept-Language", "User-Agent", "Cookie", "Content-Type", "Date", "Server",
        "Cache-Control", "Authorization", "Referer", "Origin", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host",
        "Set-Cookie", "Location", "Vary", "ETag", "Last-Modified",
    ];

    // The common names by length, so a lookup compares a name with the two or three of its length only.
    private static readonly string[][] ByLength = BuildByLength();

    private static string[][] BuildByLength()
    {
        var longest = Common.Max(n => n.Length);
        var table = new string[longest + 1][];
        for (var length = 0; length <= longest; length++)
        {
            table[length] = [.. Common.Where(n => n.Length == length)];
        }

        return table;
    }

    /// <summary>The interned name when it is a common one (spelled in any case), else null.</summary>
    public static string? Name(ReadOnlySpan<byte> name)
    {
        if (name.Length >= ByLength.Length)
        {
            return null;
        }

        foreach (var known in ByLength[name.Length])
        {
            if (System.Text.Ascii.EqualsIgnoreCase(name, known))
            {
                return known;
            }
        }

        return null;
    }

    /// <summary>Hop-by-hop fields (RFC 9110 §7.6.1) that a proxy does not pass on, as YARP leaves them out.</summary>
    public static bool IsHopByHop(string name) => name.Length switch
    {
        // Called for every relayed field: the length rules out most names before any comparison.
        2 => name.Equals(Te, StringComparison.OrdinalIgnoreCase),
        7 => name.Equals(Upgrade, StringComparison.OrdinalIgnoreCase) || name.Equals(Trailer, StringComparison.OrdinalIgnoreCase),
        10 => name.Equals(Connection, StringComparison.OrdinalIgnoreCase) || name.Equals(KeepAlive, StringComparison.OrdinalIgnoreCase),
        16 => name.Equals(ProxyConnection, StringComparison.OrdinalIgnoreCase),
        17 => name.Equals(TransferEncoding, StringComparison.OrdinalIgnoreCase),
        18 => name.Equals("Proxy-Authenticate", StringComparison.OrdinalIgnoreCase),
        19 => name.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };
}
