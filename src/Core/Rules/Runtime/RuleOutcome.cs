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

    /// <summary>
    /// A <c>rate-limit</c> checkpoint found its counter over the limit: the request must wait (<see cref="RuleSession.PendingWait"/>)
    /// and then go on with <see cref="Compilation.CompiledRules.Resume"/>, or be refused. Rules after the checkpoint have not run.
    /// </summary>
    Wait,
}
