using Gateway.Core.Rules.Compilation;
using Gateway.Core.Rules.Runtime;
using Gateway.Model;

namespace Gateway.Admin.Ui.Services.RulesEditor;

/// <summary>
/// How often each rule of a scope fired in the configuration in force: what the rules page shows beside the
/// text. Counts come from the gateway's compiled rules, so every traffic path that runs rules counts the same.
/// </summary>
internal sealed class RuleHitsReader(IGatewaySnapshotAccessor snapshots)
{
    public RuleHitsView Read(RuleScopeKind kind, string id)
    {
        var snapshot = snapshots.Current;
        var rules = kind switch
        {
            RuleScopeKind.Listener => snapshot.Rules.Listener(id),
            RuleScopeKind.Route => snapshot.Rules.Route(id),
            _ => snapshot.Rules.Cluster(id),
        };
        return new RuleHitsView(snapshot.Version, rules.Hits());
    }
}

/// <param name="Version">The configuration in force, e.g. <c>revision 12</c>.</param>
/// <param name="Rules">Each live rule of the scope with its count and the revision it counts from.</param>
internal sealed record RuleHitsView(string Version, IReadOnlyList<RuleHitCount> Rules);
