namespace Gateway.Admin.Configuration;

/// <summary>
/// <c>Gateway:Runtime</c>: how the standalone host runs its network I/O. The measurements behind each default are in
/// docs/benchmarks.md (issue 18); README "Runtime settings" says what an embedding host can set itself.
/// </summary>
internal sealed class RuntimeOptions
{
    public const string Section = "Gateway:Runtime";

    /// <summary>
    /// Run socket completions and the connection code that follows them on the socket engine's own thread instead of
    /// handing each one to the thread pool (Kestrel's <c>UnsafePreferInlineScheduling</c>, and
    /// <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c> when the process was not started with it set). On by
    /// default: a proxied request then crosses no thread (measured: 2 context switches per request without, 0.07 with,
    /// and a quarter less CPU per request). The cost: code that blocks a thread while handling a connection (an admin
    /// page's database call waiting on SQLite's write lock) holds up the connections that share that socket thread.
    /// </summary>
    public bool InlineIo { get; set; } = true;

    /// <summary>
    /// Serve HTTP/1.1 requests on every HTTP listener with the gateway's own HTTP/1.1 core (README, "The HTTP/1.1 core")
    /// unless the listener says <c>"Http1Core": false</c>; off, only listeners with <c>"Http1Core": true</c> use it and the
    /// rest go through Kestrel's HTTP server and YARP. On by default in the standalone host: the same rules and services
    /// at about half the CPU per request (docs/benchmarks.md, issue 18).
    /// </summary>
    public bool Http1Core { get; set; } = true;
}
