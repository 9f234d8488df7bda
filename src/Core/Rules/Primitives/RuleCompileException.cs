

namespace Gateway.Core.Rules.Primitives;

/// <summary>Thrown while building one part of a rule; the compiler reports it as a diagnostic at <see cref="Position"/>, or at the enclosing rule.</summary>
/// <param name="found">The text that could not be used, for the diagnostic's Found.</param>
/// <param name="expected">What would have been accepted, for the diagnostic's Expected.</param>
internal sealed class RuleCompileException(string message, SourcePosition? position = null, string? found = null, string? expected = null) : Exception(message)
{
    public SourcePosition? Position { get; } = position;

    public string? Found { get; } = found;

    public string? Expected { get; } = expected;

    /// <summary>The same problem, reported at <paramref name="position"/>.</summary>
    public RuleCompileException At(SourcePosition position) => new(Message, position, Found, Expected);
}
