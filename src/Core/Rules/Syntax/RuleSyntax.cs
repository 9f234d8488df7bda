using Gateway.Core.Rules.Actions;
using Gateway.Core.Rules.Matching;
using Gateway.Core.Rules.Primitives;

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

/// <summary>A fetch followed by converters: <c>hdr(host),lower,map(hosts)</c>.</summary>
public sealed record SampleExpression(SampleCall Fetch, ValueList<SampleCall> Converters);

/// <summary>A fetch or converter name with its arguments.</summary>
public sealed record SampleCall(string Name, ValueList<string> Args, SourcePosition Position);

/// <summary>A sample compared with patterns: <c>hdr(host) -i -m str example.com www.example.com</c>.</summary>
public sealed record Criterion(SampleExpression Sample, MatchMethod Method, bool IgnoreCase, ValueList<string> Patterns, SourcePosition Position);

/// <summary><c>if</c>/<c>unless</c> followed by alternatives separated by <c>||</c>; the terms of one alternative AND together.</summary>
public sealed record Condition(bool Unless, ValueList<ValueList<ConditionTerm>> Alternatives);

/// <summary>A named ACL or an anonymous one (<c>{ … }</c>), optionally negated.</summary>
public sealed record ConditionTerm(bool Negated, string? AclName, Criterion? Anonymous, SourcePosition Position);
