namespace Gateway.Http1.Parsing;

/// <summary>One parsed HTTP/1.1 request head. Method, path and query may be changed by rules before it is written to a server.</summary>
internal sealed class RequestHead
{
    public string Method { get; set; } = "";

    /// <summary>The request target as it arrived, for the access log.</summary>
    public string RawTarget { get; set; } = "";

    /// <summary>The path, escaped form (the core takes only paths whose escaped and decoded forms are the same).</summary>
    public string Path { get; set; } = "/";

    /// <summary>The query without its '?', or null when the target has no '?'.</summary>
    public string? Query { get; set; }

    public HeaderFields Headers { get; } = new();

    /// <summary>The body's length; -1 when chunked; 0 when the request has no body.</summary>
    public long ContentLength { get; set; }

    public bool Chunked => ContentLength < 0;

    /// <summary>The client asked to close the connection after this exchange (<c>Connection: close</c>).</summary>
    public bool Close { get; set; }

    public void Reset()
    {
        Headers.Clear();
        Query = null;
        ContentLength = 0;
        Close = false;
    }
}
