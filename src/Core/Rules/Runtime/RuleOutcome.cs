namespace Gateway.Core.Rules.Runtime;

/// <summary>What a rule, or a scope's rules for one phase, decided.</summary>
public enum RuleOutcome
{
    /// <summary>Nothing final: go on to the next rule or scope.</summary>
    Continue,

    /// <summary><c>allow</c> (or <c>accept</c>): stop this scope's rules for this phase; later scopes still run.</summary>
    Allow,

    /// <summary>A terminal action chose the answer (<see cref="RuleSession.Response"/>): stop everything and send it.</summary>
    Respond,
}
