namespace Gateway.Core.Rules.Compilation;

public enum RuleScopeKind
{
    Listener,
    Route,
    Cluster,
}

/// <summary>Where rules are written; decides which phases and actions they may use.</summary>
public readonly record struct RuleScope(RuleScopeKind Kind, string Id)
{
    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()} {Id}";
}
