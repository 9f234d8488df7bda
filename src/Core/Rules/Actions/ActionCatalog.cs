using System.Collections.Frozen;

namespace Gateway.Core.Rules.Actions;

/// <summary>
/// The actions rules can run, one factory per keyword. The parser reads each keyword's syntax from
/// here and the compiler builds each action through it; to add an action, write its class with its
/// factory and register the factory below.
/// </summary>
internal sealed class ActionCatalog
{
    private readonly FrozenDictionary<string, IRuleActionFactory> _actions;

    private ActionCatalog(IEnumerable<IRuleActionFactory> actions) =>
        _actions = actions.ToFrozenDictionary(a => a.Syntax.Name, StringComparer.Ordinal);

    public static ActionCatalog Default { get; } = new(
    [
        AllowAction.Accept,
        RejectAction.Reject,
        AllowAction.Allow,
        DenyAction.Deny,
        DenyAction.Tarpit,
        RedirectAction.Redirect,
        ReturnAction.Return,
        HeaderAction.SetHeader,
        HeaderAction.AddHeader,
        HeaderAction.DelHeader,
        ReplaceHeaderAction.ReplaceHeader,
        ReplaceHeaderAction.ReplaceValue,
        SetRequestPartAction.SetPath,
        ReplacePathAction.ReplacePath,
        SetRequestPartAction.SetQuery,
        SetRequestPartAction.SetMethod,
        SetVariableAction.SetVar,
        UseBackendAction.UseBackend,
        SetStatusAction.SetStatus,
        RewriteLocationAction.RewriteLocation,
        TrackAction.TrackSc0,
        TrackAction.TrackSc1,
        TrackAction.TrackSc2,
        StickCounterAction.IncGpc0,
        StickCounterAction.SetGpt0,
        RateLimitAction.RateLimit,
    ]);

    public IEnumerable<string> Names => _actions.Keys;

    public bool TryGet(string name, out IRuleActionFactory action) => _actions.TryGetValue(name, out action!);

    public IEnumerable<IRuleActionFactory> Actions => _actions.Values;
}
