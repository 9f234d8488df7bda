namespace Gateway.Http1.Parsing;

/// <summary>One parsed response head from a server.</summary>
internal sealed class ResponseHead
{
    public int Status { get; set; }

    public string Reason { get; set; } = "";

    /// <summary>The reason phrase the parser read last, kept across <see cref="Reset"/> to be reused when the next is the same.</summary>
    public string ParsedReason { get; set; } = "";

    public HeaderFields Headers { get; } = new();

    /// <summary>The body's length; -1 chunked; -2 until the server closes; 0 none.</summary>
    public long ContentLength { get; set; }

    public bool Chunked => ContentLength == -1;

    public bool UntilClose => ContentLength == -2;

    /// <summary>The server will close the connection after this response.</summary>
    public bool Close { get; set; }

    public void Reset()
    {
        Headers.Clear();
        Reason = "";
        ContentLength = 0;
        Close = false;
    }
}
