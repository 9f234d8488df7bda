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
    /// <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c> when the process was not started with it set). Measured: 2
    /// context switches per proxied request without, 0.07 with, and a fifth to two fifths less CPU per request. On by
    /// default. Its rule: nothing may block a socket thread, because that stalls every connection of its engine (and
    /// waits forever when what it waits for is a socket of the same engine). The proxy never blocks; the admin side
    /// does (SQLite, password hashes, compiling a configuration), so admin requests and the node's follower run their
    /// own code on the thread pool (<c>Threading/ThreadPoolContext</c>), and the store awaits every PostgreSQL query of
    /// a commit. <c>false</c> turns it off; an embedding host that sets these itself should keep its own blocking code
    /// off the socket threads the same way.
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
