namespace Gateway.AccessLog;

/// <summary>
/// The access log (<c>Gateway:AccessLog</c> in the host's configuration): one line per request and
/// per TCP-mode session, written off the request path. Host-level settings, with per-listener
/// overrides under <see cref="Listeners"/>.
/// </summary>
public sealed class AccessLogOptions
{
    /// <summary><c>off</c> (the library's default), <c>text</c> (HAProxy httplog-like) or <c>json</c> (one object per line).</summary>
    public string Format { get; set; } = AccessLogFormats.Off;

    /// <summary>File to append to; null or empty writes to standard output.</summary>
    public string? Path { get; set; }

    /// <summary>A file reaching this size is renamed <c>.1</c> (older ones shift up) and a new one started.</summary>
    public long MaxFileBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>Rotated files kept beside the current one.</summary>
    public int MaxFiles { get; set; } = 5;

    /// <summary>Share of requests logged, 0 to 1 (1: all). TCP sessions are always logged.</summary>
    public double SampleRate { get; set; } = 1;

    /// <summary>Lines waiting to be written; beyond it lines are dropped and counted, never blocking traffic.</summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>Per listener id: its own format and sample rate.</summary>
    public Dictionary<string, AccessLogListenerOptions> Listeners { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    internal string FormatFor(string listenerId) =>
        (Listeners.TryGetValue(listenerId, out var own) ? own.Format : null) ?? Format;

    internal double SampleRateFor(string listenerId) =>
        (Listeners.TryGetValue(listenerId, out var own) ? own.SampleRate : null) ?? SampleRate;
}

/// <summary>A listener's own access-log settings; unset ones follow the host's.</summary>
public sealed class AccessLogListenerOptions
{
    public string? Format { get; set; }

    public double? SampleRate { get; set; }
}

/// <summary>The values of <see cref="AccessLogOptions.Format"/>.</summary>
public static class AccessLogFormats
{
    public const string Off = "off";
    public const string Text = "text";
    public const string Json = "json";

    public static bool IsOn(string? format) => format is not null && !format.Equals(Off, StringComparison.OrdinalIgnoreCase);

    public static bool IsJson(string? format) => string.Equals(format, Json, StringComparison.OrdinalIgnoreCase);
}
