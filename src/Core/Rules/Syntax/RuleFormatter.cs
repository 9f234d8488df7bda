using System.Text;
using Gateway.Core.Rules.Actions;
using Gateway.Core.Rules.Fetches;
using Gateway.Core.Rules.Matching;
using Gateway.Core.Rules.Primitives;

namespace Gateway.Core.Rules.Syntax;

/// <summary>
/// Writes rules in their canonical text: ACLs first, then rules, one per line; HAProxy's
/// shorthands spelled out (<c>path_beg /api</c> becomes <c>path -m beg /api</c>); options in a
/// fixed order; words quoted only when they must be. Parsing the result gives the same rules.
/// </summary>
internal static class RuleFormatter
{
    public static string Format(RuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var text = new StringBuilder();
        foreach (var acl in rules.Acls)
        {
            text.Append(Format(acl)).Append('\n');
        }

        foreach (var rule in rules.Rules)
        {
            text.Append(Format(rule)).Append('\n');
        }

        return text.ToString();
    }

    public static string Format(AclStatement acl) => $"acl {acl.Name} {Format(acl.Criterion)}";

    public static string Format(RuleStatement rule)
    {
        var text = new StringBuilder(rule.Phase.Keyword()).Append(' ').Append(Format(rule.Action));
        if (rule.Condition is not null)
        {
            text.Append(' ').Append(Format(rule.Condition));
        }

        return text.ToString();
    }

    public static string Format(ActionCall action)
    {
        var text = new StringBuilder(action.Name);
        if (action.Parameter is not null)
        {
            text.Append('(').Append(action.Parameter).Append(')');
        }

        foreach (var argument in action.Arguments)
        {
            text.Append(' ').Append(Word(argument.Text));
        }

        foreach (var option in action.Options)
        {
            text.Append(' ').Append(option.Name);
            foreach (var value in option.Values)
            {
                text.Append(' ').Append(Word(value.Text));
            }
        }

        return text.ToString();
    }

    public static string Format(Condition condition) =>
        (condition.Unless ? "unless " : "if ") + string.Join(" || ", condition.Alternatives.Select(terms => string.Join(' ', terms.Select(Format))));

    public static string Format(ConditionTerm term) => term.AclName is not null
        ? (term.Negated ? "!" : "") + term.AclName
        : (term.Negated ? "! " : "") + "{ " + Format(term.Anonymous!) + " }";

    public static string Format(Criterion criterion)
    {
        var text = new StringBuilder(Word(Format(criterion.Sample)));
        if (criterion.IgnoreCase)
        {
            text.Append(" -i");
        }

        var defaultMethod = FetchCatalog.Default.TryGet(criterion.Sample.Fetch.Name, out var fetch) ? fetch.DefaultMethod : (MatchMethod?)null;
        if (criterion.Method != defaultMethod)
        {
            text.Append(" -m ").Append(MatcherFactory.Name(criterion.Method));
        }

        foreach (var pattern in criterion.Patterns)
        {
            text.Append(' ').Append(Word(pattern));
        }

        return text.ToString();
    }

    public static string Format(SampleExpression expression) =>
        string.Join(',', expression.Converters.Prepend(expression.Fetch).Select(Format));

    public static string Format(SampleCall call) =>
        call.Args.Count == 0 ? call.Name : $"{call.Name}({string.Join(',', call.Args.Select(Argument))})";

    /// <summary>An argument inside parentheses, with the characters the expression parser treats as syntax escaped.</summary>
    private static string Argument(string value)
    {
        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var escape = c is ',' or '(' or ')' || (c == '\\' && (i + 1 == value.Length || SampleExpressionParser.IsArgumentSpecial(value[i + 1])));
            if (escape)
            {
                text.Append('\\');
            }

            text.Append(c);
        }

        return text.ToString();
    }

    /// <summary>A word as the lexer will read it back: bare when that is unambiguous, double-quoted otherwise.</summary>
    public static string Word(string value)
    {
        if (!NeedsQuotes(value))
        {
            return value;
        }

        var text = new StringBuilder(value.Length + 2).Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '"' || (c == '\\' && (i + 1 == value.Length || value[i + 1] is '"' or '\\')))
            {
                text.Append('\\');
            }

            text.Append(c);
        }

        return text.Append('"').ToString();
    }

    private static bool NeedsQuotes(string value)
    {
        if (value.Length == 0 || value is "if" or "unless" or "||" or "{" or "}" || value[0] is '!' or '-' or '#')
        {
            return true;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsWhiteSpace(c) || c is '"' or '\'' || (c == '\\' && (i + 1 == value.Length || RuleLexer.IsWordSpecial(value[i + 1]))))
            {
                return true;
            }
        }

        return false;
    }
}
