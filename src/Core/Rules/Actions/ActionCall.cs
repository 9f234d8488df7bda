using Gateway.Core.Rules.Primitives;

namespace Gateway.Core.Rules.Actions;

/// <summary>An action and its arguments, e.g. <c>deny deny_status 429</c> or <c>set-var(txn.user) hdr(x-user)</c>.</summary>
/// <param name="Parameter">The part in parentheses after the name (<c>txn.user</c> in <c>set-var(txn.user)</c>).</param>
/// <param name="Arguments">Positional arguments, in the order the action defines.</param>
/// <param name="Options">Named options in the order the action defines (canonical order, whatever order they were written in).</param>
public sealed record ActionCall(string Name, string? Parameter, ValueList<ActionArgument> Arguments, ValueList<ActionOption> Options, SourcePosition Position);

public sealed record ActionArgument(string Text, SourcePosition Position);

/// <summary>A named option with its values (none for a flag such as <c>drop-query</c>).</summary>
public sealed record ActionOption(string Name, ValueList<ActionArgument> Values);
