using System.Net;

namespace Gateway.Core.Rules.Runtime;

/// <summary>
/// What rules read and change: the connection, the request and, in the response phase, the
/// response. The gateway implements it over an HTTP exchange; the same implementation serves
/// real traffic and explained (simulated) requests, so both run the same evaluation.
/// </summary>
public interface IRuleExchange
{
    IPAddress? ClientAddress { get; }

    int ClientPort { get; }

    IPAddress? LocalAddress { get; }

    int LocalPort { get; }

    bool IsTls { get; }

    /// <summary>The server name the client asked for in its TLS handshake, if any.</summary>
    string? ServerName { get; }

    /// <summary><c>http</c> or <c>https</c>.</summary>
    string Scheme { get; }

    /// <summary>The HTTP version as HAProxy writes it: <c>1.0</c>, <c>1.1</c>, <c>2.0</c> or <c>3.0</c>.</summary>
    string HttpVersion { get; }

    string Method { get; set; }

    /// <summary>The path in its escaped (on-the-wire) form.</summary>
    string Path { get; set; }

    /// <summary>The query string without its leading <c>?</c>; empty when there is none.</summary>
    ReadOnlyMemory<char> Query { get; }

    /// <summary>Whether the target has a <c>?</c>, even with nothing after it (<c>/x?</c>), as HAProxy's <c>query</c> tells apart.</summary>
    bool HasQuery => Query.Length > 0;

    /// <summary>Sets the query (without its <c>?</c>); an empty one keeps the <c>?</c>, as HAProxy's <c>set-query</c> does.</summary>
    void SetQuery(string query);

    IRuleHeaders RequestHeaders { get; }

    /// <summary>The response status; meaningful in the response phase only.</summary>
    int StatusCode { get; set; }

    /// <summary>The reason phrase sent with the status on HTTP/1.x (<c>set-status … reason</c>).</summary>
    void SetReasonPhrase(string reason);

    IRuleHeaders ResponseHeaders { get; }

    /// <summary>The value of a PROXY protocol v2 TLV the connection arrived with (text), or null.</summary>
    string? ProxyTlv(int type);

    /// <summary>Whether the PROXY v2 header's SSL TLV says the client used TLS to reach the proxy in front; null without an SSL TLV.</summary>
    bool? ProxyClientUsedTls { get; }

    /// <summary>The base address of the server that answered (response phase), e.g. <c>http://10.0.0.5:8080/</c>.</summary>
    string? ServerAddress { get; }
}

/// <summary>The header fields of a request or a response. Names are case-insensitive.</summary>
public interface IRuleHeaders
{
    /// <summary>How many field lines carry this name.</summary>
    int Count(string name);

    /// <summary>The value of the <paramref name="index"/>th field line with this name.</summary>
    string GetValue(string name, int index);

    /// <summary>Replaces every field line with this name by one with this value.</summary>
    void SetValue(string name, string value);

    void AddValue(string name, string value);

    void Remove(string name);

    /// <summary>Replaces the values of every field line with this name, keeping their number.</summary>
    void Replace(string name, IReadOnlyList<string> values);

    IEnumerable<KeyValuePair<string, string>> All();
}
