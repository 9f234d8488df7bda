namespace Gateway.Core.Rules.Primitives;

/// <summary>When a rule runs; each phase has its own rules, run in written order.</summary>
public enum RulePhase
{
    /// <summary><c>tcp-request connection</c>: on accept, before TLS and HTTP.</summary>
    TcpConnection,

    /// <summary><c>http-request</c>.</summary>
    HttpRequest,

    /// <summary><c>http-response</c>: on a server's response.</summary>
    HttpResponse,
}

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

internal static class PhaseNames
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
