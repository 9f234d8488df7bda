using Gateway.Core.Rules.Syntax;

namespace Gateway.Core.Rules.Compilation;

/// <summary>The phases a fetch can be read in or an action can run in.</summary>
[Flags]
public enum PhaseSet
{
    None = 0,
    Connection = 1,
    Request = 2,
    Response = 4,
    Http = Request | Response,
    All = Connection | Request | Response,
}

public static class PhaseNames
{
    public static PhaseSet ToSet(this RulePhase phase) => phase switch
    {
        RulePhase.TcpConnection => PhaseSet.Connection,
        RulePhase.HttpRequest => PhaseSet.Request,
        _ => PhaseSet.Response,
    };

    public static string Keyword(this RulePhase phase) => phase switch
    {
        RulePhase.TcpConnection => "tcp-request connection",
        RulePhase.HttpRequest => "http-request",
        _ => "http-response",
    };
}
