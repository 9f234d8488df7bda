using System.Text.RegularExpressions;
using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;

namespace Gateway.Core.Rules.Actions;

internal enum HeaderOperation
{
    Set,
    Add,
    Delete,
}

/// <summary><c>set-header</c>, <c>add-header</c> and <c>del-header</c> on the request or the response.</summary>
internal sealed class HeaderAction(HeaderOperation operation, bool response, string name, CompiledFormat? value) : RuleAction
{
    public static IRuleActionFactory SetHeader { get; } = new ActionFactory(new("set-header", [RulePhase.HttpRequest, RulePhase.HttpResponse], 2, 2, "set-header <name> <format>"),
        (call, context) => new HeaderAction(HeaderOperation.Set, context.IsResponse, ActionArguments.HeaderName(call.Arguments[0]), context.Format(call.Arguments[1])));

    public static IRuleActionFactory AddHeader { get; } = new ActionFactory(new("add-header", [RulePhase.HttpRequest, RulePhase.HttpResponse], 2, 2, "add-header <name> <format>"),
        (call, context) => new HeaderAction(HeaderOperation.Add, context.IsResponse, ActionArguments.HeaderName(call.Arguments[0]), context.Format(call.Arguments[1])));

    public static IRuleActionFactory DelHeader { get; } = new ActionFactory(new("del-header", [RulePhase.HttpRequest, RulePhase.HttpResponse], 1, 1, "del-header <name>"),
        (call, context) => new HeaderAction(HeaderOperation.Delete, context.IsResponse, ActionArguments.HeaderName(call.Arguments[0]), null));

    public override bool ChangesSamples => true;

    public override RuleOutcome Execute(RuleSession session)
    {
        var headers = response ? session.Exchange.ResponseHeaders : session.Exchange.RequestHeaders;
        if (operation == HeaderOperation.Delete)
        {
            headers.Remove(name);
            Describe(session, $"removed {name}");
            return RuleOutcome.Continue;
        }

        var text = value!.Evaluate(session);
        if (!HeaderSafety.IsValidValue(text))
        {
            return HeaderSafety.Refuse(session, $"header {name}");
        }

        if (operation == HeaderOperation.Set)
        {
            headers.SetValue(name, text);
        }
        else
        {
            headers.AddValue(name, text);
        }

        Describe(session, $"{name}: {text}");
        return RuleOutcome.Continue;
    }
}

/// <summary>
/// <c>replace-header</c> (each field line whole) and <c>replace-value</c> (each comma-separated
/// value): where the regex matches, the value becomes the format, which may use <c>\1</c> for
/// groups; as in HAProxy the whole value is replaced, not only the part that matched.
/// </summary>
internal sealed class ReplaceHeaderAction(bool response, bool perValue, string name, Regex regex, CompiledFormat replacement) : RuleAction
{
    public static IRuleActionFactory ReplaceHeader { get; } = new ActionFactory(new("replace-header", [RulePhase.HttpRequest, RulePhase.HttpResponse], 3, 3, "replace-header <name> <regex> <format>"),
        (call, context) => new ReplaceHeaderAction(context.IsResponse, perValue: false, ActionArguments.HeaderName(call.Arguments[0]), ActionArguments.Regex(call.Arguments[1]), context.Format(call.Arguments[2])));

    public static IRuleActionFactory ReplaceValue { get; } = new ActionFactory(new("replace-value", [RulePhase.HttpRequest, RulePhase.HttpResponse], 3, 3, "replace-value <name> <regex> <format>"),
        (call, context) => new ReplaceHeaderAction(context.IsResponse, perValue: true, ActionArguments.HeaderName(call.Arguments[0]), ActionArguments.Regex(call.Arguments[1]), context.Format(call.Arguments[2])));

    public override bool ChangesSamples => true;

    public override RuleOutcome Execute(RuleSession session)
    {
        var headers = response ? session.Exchange.ResponseHeaders : session.Exchange.RequestHeaders;
        var count = headers.Count(name);
        if (count == 0)
        {
            Describe(session, $"no {name} header");
            return RuleOutcome.Continue;
        }

        var template = RuleRegex.Replacement(replacement.Evaluate(session));
        var values = new string[count];
        for (var i = 0; i < count; i++)
        {
            var original = headers.GetValue(name, i);
            values[i] = perValue
                ? string.Join(",", original.Split(',').Select(v => Rewrite(v.Trim(), template))) // HAProxy re-joins with a bare comma
                : Rewrite(original, template);
            if (!HeaderSafety.IsValidValue(values[i]))
            {
                return HeaderSafety.Refuse(session, $"header {name}");
            }
        }

        headers.Replace(name, values);
        Describe(session, $"{name}: {string.Join(" | ", values)}");
        return RuleOutcome.Continue;
    }

    private string Rewrite(string value, string template)
    {
        try
        {
            var match = regex.Match(value);
            return match.Success ? match.Result(template) : value;
        }
        catch (RegexMatchTimeoutException ex)
        {
            throw new RuleRegexTimeoutException(regex.ToString(), ex);
        }
    }
}

/// <summary><c>set-path</c>, <c>set-query</c> and <c>set-method</c>.</summary>
internal sealed class SetRequestPartAction(RequestPart part, CompiledFormat value) : RuleAction
{
    public static IRuleActionFactory SetPath { get; } = new ActionFactory(new("set-path", [RulePhase.HttpRequest], 1, 1, "set-path <format>"),
        (call, context) => new SetRequestPartAction(RequestPart.Path, context.Format(call.Arguments[0])));

    public static IRuleActionFactory SetQuery { get; } = new ActionFactory(new("set-query", [RulePhase.HttpRequest], 1, 1, "set-query <format>"),
        (call, context) => new SetRequestPartAction(RequestPart.Query, context.Format(call.Arguments[0])));

    public static IRuleActionFactory SetMethod { get; } = new ActionFactory(new("set-method", [RulePhase.HttpRequest], 1, 1, "set-method <format>"),
        (call, context) => new SetRequestPartAction(RequestPart.Method, context.Format(call.Arguments[0])));

    public override bool ChangesSamples => true;

    public override RuleOutcome Execute(RuleSession session)
    {
        var text = value.Evaluate(session);
        if (!HeaderSafety.IsValidValue(text) || (part != RequestPart.Query && text.Contains(' ', StringComparison.Ordinal)))
        {
            return HeaderSafety.Refuse(session, "the request line");
        }

        switch (part)
        {
            case RequestPart.Path:
                session.Exchange.Path = text.StartsWith('/') ? text : "/" + text;
                break;
            case RequestPart.Query:
                session.Exchange.SetQuery(text.TrimStart('?'));
                break;
            default:
                session.Exchange.Method = text;
                break;
        }

        Describe(session, $"{part.ToString().ToLowerInvariant()} = {text}");
        return RuleOutcome.Continue;
    }
}

internal enum RequestPart
{
    Path,
    Query,
    Method,
}

/// <summary><c>replace-path regex format</c>: where the regex matches the path, the path becomes the format (with <c>\1</c> groups), as in HAProxy.</summary>
internal sealed class ReplacePathAction(Regex regex, CompiledFormat replacement) : RuleAction
{
    public static IRuleActionFactory ReplacePath { get; } = new ActionFactory(new("replace-path", [RulePhase.HttpRequest], 2, 2, "replace-path <regex> <format>"),
        (call, context) => new ReplacePathAction(ActionArguments.Regex(call.Arguments[0]), context.Format(call.Arguments[1])));

    public override bool ChangesSamples => true;

    public override RuleOutcome Execute(RuleSession session)
    {
        var path = session.Exchange.Path;
        string? rewritten = null;
        try
        {
            var match = regex.Match(path);
            rewritten = match.Success ? match.Result(RuleRegex.Replacement(replacement.Evaluate(session))) : null;
        }
        catch (RegexMatchTimeoutException ex)
        {
            throw new RuleRegexTimeoutException(regex.ToString(), ex);
        }

        if (rewritten is null || rewritten == path)
        {
            Describe(session, "no match; path unchanged");
            return RuleOutcome.Continue;
        }

        if (!HeaderSafety.IsValidValue(rewritten) || rewritten.Contains(' ', StringComparison.Ordinal))
        {
            return HeaderSafety.Refuse(session, "the path");
        }

        session.Exchange.Path = rewritten.StartsWith('/') ? rewritten : "/" + rewritten;
        Describe(session, $"path = {session.Exchange.Path}");
        return RuleOutcome.Continue;
    }
}
