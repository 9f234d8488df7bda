using Gateway.Core.Configuration;
using Gateway.Core.Validation;

namespace Gateway.Core.Import.Haproxy;

/// <summary>A line of the HAProxy configuration that was not converted, and why.</summary>
/// <param name="Line">1-based line number in the text that was imported.</param>
/// <param name="Text">The line as written, trimmed.</param>
public sealed record HaproxyImportNote(int Line, string Text, string Reason);

/// <summary>
/// What <see cref="HaproxyImporter.Import"/> made of a HAProxy configuration: the document, every line
/// it did not convert with the reason, and the document's validation errors (none when it can be committed).
/// </summary>
public sealed record HaproxyImportResult(GatewayConfig Document, IReadOnlyList<HaproxyImportNote> NotConverted, IReadOnlyList<ValidationError> Errors)
{
    /// <summary>What loads but deserves a look, as HAProxy warns about it (an ACL without patterns, an empty condition…).</summary>
    public IReadOnlyList<ValidationError> Warnings { get; init; } = [];
}

/// <summary>How files named by the configuration (<c>ssl crt</c>, <c>map(file)</c>) are read.</summary>
public sealed record HaproxyImportOptions
{
    /// <summary>
    /// Reads a file the configuration names, by absolute path; returns null when it may not or cannot be
    /// read (the line is then reported as not converted). The default reads nothing.
    /// </summary>
    public Func<string, string?> ReadFile { get; init; } = _ => null;

    /// <summary>A reader that reads only files under one of <paramref name="roots"/> (after resolving <c>..</c>), and nothing else.</summary>
    public static Func<string, string?> FilesUnder(params string[] roots) => path =>
    {
        try
        {
            var full = Path.GetFullPath(path);
            var allowed = roots.Any(root => full.StartsWith(Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar, StringComparison.Ordinal));
            return allowed && File.Exists(full) && new FileInfo(full).Length <= MaxFileBytes ? File.ReadAllText(full) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    };

    /// <summary>Files larger than this are not read (a map or a PEM bundle is far smaller).</summary>
    public const long MaxFileBytes = 16 * 1024 * 1024;
}
