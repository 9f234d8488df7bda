using Gateway.Core.Rules.Runtime;

namespace Gateway.Core.Rules.Runtime;

/// <summary>A compiled action. Actions that change what fetches read (headers, path, status, variables) say so, which ends a run of indexed rules.</summary>
internal abstract class RuleAction
{
    /// <summary>Whether running the action can change the value a fetch reads.</summary>
    public virtual bool ChangesSamples => false;

    public abstract RuleOutcome Execute(RuleSession session);

    /// <summary>Records what the action did when the session is traced.</summary>
    protected static void Describe(RuleSession session, string detail)
    {
        if (session.Trace is not null)
        {
            session.ActionDetail = detail;
        }
    }
}
