namespace Gateway.Core.Rules.Syntax;

/// <summary>A rule that cannot be parsed or compiled, with where and why.</summary>
internal sealed class RuleSyntaxException(RuleDiagnostic diagnostic) : Exception(diagnostic.ToString())
{
    public RuleDiagnostic Diagnostic { get; } = diagnostic;
}

/// <summary>
/// A problem in rules text. <see cref="Found"/> and <see cref="Expected"/> are set when the
/// parser met a token it could not use; <see cref="Message"/> is always a full sentence.
/// </summary>
public sealed record RuleDiagnostic(int Line, int Column, string Message, string? Found = null, string? Expected = null)
{
    /// <summary>A line that loads (as HAProxy loads it with a warning) but probably does not mean what was intended.</summary>
    public bool IsWarning { get; init; }

    public override string ToString() => $"line {Line}, column {Column}: {Message}";
}
