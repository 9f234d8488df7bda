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
    /// <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c> when the process was not started with it set).
    /// </summary>
    public bool InlineIo { get; set; }
}
