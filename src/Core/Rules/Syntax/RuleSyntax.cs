namespace Gateway.Core.Rules.Syntax;

// The parsed form of rules text. Records compare by value (positions excepted), so
// parse(format(x)) == x can be checked directly.

/// <summary>Everything written for one scope (a listener, a route or a cluster), in order.</summary>
public sealed record RuleSet(ValueList<AclStatement> Acls, ValueList<RuleStatement> Rules)
{
    public static RuleSet Empty { get; } = new(ValueList.Empty<AclStatement>(), ValueList.Empty<RuleStatement>());
}

/// <summary><c>acl name criterion</c>. Several lines with one name OR together.</summary>
public sealed record AclStatement(string Name, Criterion Criterion, SourcePosition Position);

/// <summary>An action in a phase, run when its condition holds (or always, without one).</summary>
public sealed record RuleStatement(RulePhase Phase, ActionCall Action, Condition? Condition, SourcePosition Position);

public enum RulePhase
{
    /// <summary><c>tcp-request connection</c>: on accept, before TLS and HTTP.</summary>
    TcpConnection,

    /// <summary><c>http-request</c>.</summary>
    HttpRequest,

    /// <summary><c>http-response</c>: on a server's response.</summary>
    HttpResponse,
}

/// <summary>A fetch followed by converters: <c>hdr(host),lower,map(hosts)</c>.</summary>
public sealed record SampleExpression(SampleCall Fetch, ValueList<SampleCall> Converters);

/// <summary>A fetch or converter name with its arguments.</summary>
public sealed record SampleCall(string Name, ValueList<string> Args, SourcePosition Position);

/// <summary>How a sample is compared with an ACL's patterns.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "HAProxy's names for the match methods.")]
public enum MatchMethod
{
    Found,
    Bool,
    Int,
    Ip,
    Str,
    Beg,
    End,
    Sub,
    Reg,
    Dir,
    Dom,
    Len,
}

/// <summary>A sample compared with patterns: <c>hdr(host) -i -m str example.com www.example.com</c>.</summary>
public sealed record Criterion(SampleExpression Sample, MatchMethod Method, bool IgnoreCase, ValueList<string> Patterns, SourcePosition Position);

/// <summary><c>if</c>/<c>unless</c> followed by alternatives separated by <c>||</c>; the terms of one alternative AND together.</summary>
public sealed record Condition(bool Unless, ValueList<ValueList<ConditionTerm>> Alternatives);

/// <summary>A named ACL or an anonymous one (<c>{ … }</c>), optionally negated.</summary>
public sealed record ConditionTerm(bool Negated, string? AclName, Criterion? Anonymous, SourcePosition Position);

/// <summary>An action and its arguments, e.g. <c>deny deny_status 429</c> or <c>set-var(txn.user) hdr(x-user)</c>.</summary>
/// <param name="Parameter">The part in parentheses after the name (<c>txn.user</c> in <c>set-var(txn.user)</c>).</param>
/// <param name="Arguments">Positional arguments, in the order the action defines.</param>
/// <param name="Options">Named options in the order the action defines (canonical order, whatever order they were written in).</param>
public sealed record ActionCall(string Name, string? Parameter, ValueList<ActionArgument> Arguments, ValueList<ActionOption> Options, SourcePosition Position);

public sealed record ActionArgument(string Text, SourcePosition Position);

/// <summary>A named option with its values (none for a flag such as <c>drop-query</c>).</summary>
public sealed record ActionOption(string Name, ValueList<ActionArgument> Values);
