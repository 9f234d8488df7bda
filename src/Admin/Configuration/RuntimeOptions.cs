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

    /// <summary>
    /// Let the HTTP/1.1 core read and write the client sockets of plain HTTP listeners itself instead of through Kestrel's
    /// socket transport (<c>GatewayOptions.CoreClientSockets</c>): no receive loop or pipe per connection, and the next
    /// request read on the socket engine's next turn. On by default (docs/benchmarks.md, issue 18, "The core reads the
    /// client's socket"); <c>false</c> keeps Kestrel's transport for every listener.
    /// </summary>
    public bool CoreClientSockets { get; set; } = true;

    /// <summary>
    /// The size in bytes of the blocks Kestrel's socket transport receives into, for every listener of the host: the most
    /// one <c>recv</c> reads. 64 KiB by default; 0 keeps Kestrel's own pool (4 KiB blocks); otherwise 4096 to 1048576.
    /// Larger blocks mean fewer receive calls for bulk uploads (TCP mode, large request bodies) and for pipelined or
    /// larger requests; an idle connection holds no block either way. Measured in docs/benchmarks.md (issue 18, "TCP
    /// mode: receive block size" and "64 KiB receive blocks by default").
    /// </summary>
    public int ReceiveBlockSize { get; set; } = DefaultReceiveBlockSize;

    public const int DefaultReceiveBlockSize = 64 * 1024;

    public const int MinReceiveBlockSize = 4096;

    public const int MaxReceiveBlockSize = 1024 * 1024;

    /// <summary>Throws a clear error for a block size the transport could not use.</summary>
    public void Validate()
    {
        if (ReceiveBlockSize != 0 && ReceiveBlockSize is < MinReceiveBlockSize or > MaxReceiveBlockSize)
        {
            throw new InvalidOperationException(
                $"{Section}:ReceiveBlockSize is {ReceiveBlockSize}: it must be 0 (Kestrel's own 4 KiB blocks) or between {MinReceiveBlockSize} and {MaxReceiveBlockSize} bytes.");
        }
    }
}
