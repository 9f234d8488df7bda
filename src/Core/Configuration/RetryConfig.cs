namespace Gateway.Core.Configuration;

/// <summary>
/// When a forwarded request is sent again (HAProxy's <c>retries</c>, <c>retry-on</c> and
/// <c>option redispatch</c>). A request whose connect failed (refused, unreachable, connect
/// timeout) never reached a server, so it is always safe to send again, whatever its method. A
/// request that was sent but got no response byte (reset, empty response, server timeout) is sent
/// again only when its method is idempotent or <see cref="NonIdempotent"/> allows it, and only
/// when its body could be kept for the retry (<see cref="BufferLimit"/>).
/// </summary>
public sealed record RetryConfig
{
    public static RetryConfig Default { get; } = new();

    /// <summary>How many times a request may be sent again after its first try; 0 turns retries off.</summary>
    public int Count { get; init; } = DefaultCount;

    /// <summary>A retry goes to another server when one is available (HAProxy's <c>option redispatch</c>); false retries the same server.</summary>
    public bool Redispatch { get; init; } = true;

    /// <summary>Response statuses (e.g. 503) after which an idempotent request is sent again, HAProxy's <c>retry-on 503</c>. Empty by default.</summary>
    public IReadOnlyList<int> OnStatuses { get; init; } = [];

    /// <summary>Also retry non-idempotent requests (POST, PATCH…) that were sent but got no response. Off by default: the server may have acted on them.</summary>
    public bool NonIdempotent { get; init; }

    /// <summary>Request bodies up to this many bytes (by Content-Length) are kept so that a request sent once can be sent again; larger or chunked bodies are retried only after a failed connect.</summary>
    public int BufferLimit { get; init; } = DefaultBufferLimit;

    /// <summary>No try starts after this long since the first one began; null for no overall limit (each try still has the cluster's timeouts).</summary>
    public TimeSpan? Deadline { get; init; }

    public const int DefaultCount = 3;

    public const int MaxCount = 10;

    public const int DefaultBufferLimit = 64 * 1024;

    public const int MaxBufferLimit = 16 * 1024 * 1024;
}
