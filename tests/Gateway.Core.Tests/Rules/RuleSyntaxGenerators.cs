using FsCheck;
using FsCheck.Fluent;
using Gateway.Core.Rules.Actions;
using Gateway.Core.Rules.Compilation;
using Gateway.Core.Rules.Fetches;
using Gateway.Core.Rules.Matching;
using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Syntax;

namespace Gateway.Core.Tests.Rules;

/// <summary>
/// Random rule syntax trees in the parser's canonical form: canonical fetch names, options in
/// their defined order, positional arguments in a number the action accepts, and words full of
/// characters the lexer and the expression parser treat as syntax.
/// </summary>
internal static class RuleSyntaxGenerators
{
    private static readonly SourcePosition Anywhere = new(1, 1);

    /// <summary>Pieces of words: syntax characters, keywords, escapes, empty strings, non-ASCII and odd whitespace.</summary>
    private static readonly string[] Pieces =
    [
        "a", "B", "x1", "/", ".", ":", "=", "*", "é", "€",
        ",", "(", ")", "\\", "\"", "'", "#", " ", "\t", "\r", "\u00a0", "\0", "",
        "if", "unless", "{", "}", "||", "!", "!x", "-", "-x", "-i", "-m", "--",
        "%[", "]", "%%", "%[src]", "\\\\", "\\\"", "\\,", "\\(", "\\)", "\\ ", "\\#", "\\'",
    ];

    private static readonly string[] UnknownFetches = ["xfetch", "my.fetch", "a-b", "if", "unless", "x_y", "-dash"];

    private static readonly string[] UnknownConverters = ["nope", "x.y", "a_b", "if"];

    private static readonly string[] AclNames = ["a", "b2", "is_api", "x.y", "m:n", "a-b", "_x", "9", "if", "unless", "TRUE", "METH_GET"];

    private static readonly string[] Parameters = ["txn.x", "req.a_b", "sess.c.d", "res.1", "", "x", "a(b", "a)b"];

    /// <summary>A word made of up to four pieces.</summary>
    public static Gen<string> Text { get; } =
        from count in Gen.Choose(0, 4)
        from pieces in Gen.Elements(Pieces).ArrayOf(count)
        select string.Concat(pieces);

    private static Gen<ValueList<string>> Arguments(int max) =>
        from count in Gen.Choose(0, max)
        from args in Text.ArrayOf(count)

        // "f()" is read as no arguments, so one empty argument is not a form the parser produces.
        select args is [""] ? ValueList.Empty<string>() : args.ToValueList();

    private static Gen<SampleCall> Call(string[] known, string[] unknown) =>
        from name in Gen.Frequency((5, Gen.Elements(known)), (1, Gen.Elements(unknown)))
        from args in Arguments(3)
        select new SampleCall(name, args, Anywhere);

    public static Gen<SampleExpression> Sample { get; } =
        from fetch in Call([.. FetchCatalog.Default.Names], UnknownFetches)
        from count in Gen.Choose(0, 3)
        from converters in Call([.. ConverterCatalog.Names], UnknownConverters).ArrayOf(count)
        select new SampleExpression(fetch, converters.ToValueList());

    public static Gen<Criterion> Criterion { get; } =
        from sample in Sample
        from method in Gen.Elements(Enum.GetValues<MatchMethod>())
        from ignoreCase in Gen.Elements(true, false)
        from count in Gen.Choose(1, 3)
        from patterns in Text.ArrayOf(MatcherFactory.NeedsPatterns(method) ? count : 0)
        select new Criterion(sample, method, ignoreCase, patterns.ToValueList(), Anywhere);

    private static Gen<ConditionTerm> Term { get; } =
        from negated in Gen.Elements(true, false)
        from named in Gen.Elements(true, false)
        from name in Gen.Elements(AclNames)
        from criterion in Criterion
        select named ? new ConditionTerm(negated, name, null, Anywhere) : new ConditionTerm(negated, null, criterion, Anywhere);

    public static Gen<Condition> Condition { get; } =
        from unless in Gen.Elements(true, false)
        from count in Gen.Choose(1, 3)
        from alternatives in (from terms in Gen.Choose(1, 3) from list in Term.ArrayOf(terms) select list.ToValueList()).ArrayOf(count)
        select new Condition(unless, alternatives.ToValueList());

    private static Gen<ActionArgument> Argument { get; } = Text.Select(t => new ActionArgument(t, Anywhere));

    private static Gen<ActionOption[]> Option(OptionSyntax option) =>
        from times in Gen.Choose(0, option.Repeatable ? 3 : 1)
        from values in Argument.ArrayOf(option.Values).ArrayOf(times)
        select values.Select(v => new ActionOption(option.Name, v.ToValueList())).ToArray();

    public static Gen<RuleStatement> Rule { get; } =
        from name in Gen.Elements(ActionSyntaxTable.Names.Order(StringComparer.Ordinal).ToArray())
        let syntax = Syntax(name)
        from phase in Gen.Elements(syntax.Phases)
        from argumentCount in Gen.Elements(syntax.MinArguments, syntax.MaxArguments)
        from arguments in Argument.ArrayOf(argumentCount)
        from options in Gen.CollectToArray(syntax.Options, Option)
        from parameter in Gen.Elements(Parameters)
        from hasCondition in Gen.Elements(true, false)
        from condition in Condition
        select new RuleStatement(
            phase,
            new ActionCall(name, syntax.HasParameter ? parameter : null, arguments.ToValueList(), options.SelectMany(o => o).ToValueList(), Anywhere),
            hasCondition ? condition : null,
            Anywhere);

    public static Gen<AclStatement> Acl { get; } =
        from name in Gen.Elements(AclNames)
        from criterion in Criterion
        select new AclStatement(name, criterion, Anywhere);

    public static Gen<RuleSet> RuleSet { get; } =
        from aclCount in Gen.Choose(0, 3)
        from acls in Acl.ArrayOf(aclCount)
        from ruleCount in Gen.Choose(0, 4)
        from rules in Rule.ArrayOf(ruleCount)
        select new RuleSet(acls.ToValueList(), rules.ToValueList());

    private static ActionSyntax Syntax(string name) =>
        ActionSyntaxTable.TryGet(name, out var syntax) ? syntax : throw new InvalidOperationException(name);
}
