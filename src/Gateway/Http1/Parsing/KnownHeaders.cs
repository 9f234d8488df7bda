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

    // The common names by length and first letter: a lookup compares a name with the one or two that could match.
    private static readonly string[]?[] ByLengthAndLetter = BuildTable();

    private static int Bucket(int length, byte first) => (length * 32) + ((first | 0x20) & 31);

    private static string[]?[] BuildTable()
    {
        var table = new string[]?[(Common.Max(n => n.Length) + 1) * 32];
        foreach (var group in Common.GroupBy(n => Bucket(n.Length, (byte)n[0])))
        {
            table[group.Key] = [.. group];
        }

        return table;
    }

    /// <summary>The interned name when it is a common one (spelled in any case), else null.</summary>
    public static string? Name(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty)
        {
            return null;
        }

        // A first byte other than a letter lands in some letter's bucket, whose names then fail the comparison.
        var bucket = Bucket(name.Length, name[0]);
        if ((uint)bucket >= (uint)ByLengthAndLetter.Length || ByLengthAndLetter[bucket] is not { } candidates)
        {
            return null;
        }

        foreach (var known in candidates)
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
