using Gateway.Core.Rules.Syntax;

namespace Gateway.Core.Rules.Compilation;

/// <summary>Thrown while building one part of a rule; the compiler reports it as a diagnostic at <see cref="Position"/>, or at the enclosing rule.</summary>
internal sealed class RuleCompileException(string message, SourcePosition? position = null) : Exception(message)
{
    public SourcePosition? Position { get; } = position;
}
