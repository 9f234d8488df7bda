namespace Gateway.Core.Configuration;

/// <summary>
/// A listener's own answer body for an error status the gateway generates itself (an <c>http-request deny</c>, a
/// tarpit, an unknown cluster), HAProxy's <c>errorfile</c>: sent instead of the built-in page, whatever the client accepts.
/// </summary>
/// <param name="Status">The status it answers, 400 to 599.</param>
/// <param name="Body">The body sent as it is written, at most 64 KiB.</param>
/// <param name="ContentType">Its media type; <c>text/html; charset=utf-8</c> when not set.</param>
public sealed record ErrorPageConfig(int Status, string Body, string? ContentType = null)
{
    /// <summary>The media type when none is set.</summary>
    public const string DefaultContentType = "text/html; charset=utf-8";

    /// <summary>The longest body accepted, in UTF-16 characters (HAProxy's error files fit its 16 KiB buffers; ours are sent from memory).</summary>
    public const int MaxBodyLength = 64 * 1024;
}
