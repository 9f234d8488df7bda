using System.Globalization;
using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;
using static Gateway.Core.Rules.Primitives.PhaseSet;

namespace Gateway.Core.Rules.Fetches;

/// <summary>
/// HAProxy's constant fetches (<c>str()</c>, <c>bool()</c>, <c>int()</c>) and <c>req.cook_cnt()</c>,
/// kept apart from the catalog's request fetches so each addition is one line there.
/// </summary>
internal static class ConstantAndCountFetches
{
    public static IEnumerable<FetchDefinition> All()
    {
        yield return Constant("str", SampleType.Text, text => Sample.FromText(text)) with { MinArgs = 0 };
        yield return Constant("bool", SampleType.Boolean, text => Sample.FromBoolean(text is "1" or "true"));
        yield return Constant("int", SampleType.Number, text => Sample.FromNumber(ParseInteger(text)));

        // req.cook_cnt([name]): how many cookies of that name the request carries, or how many cookies at all.
        yield return new("req.cook_cnt", 0, 1, SampleType.Number, Request | Response, false, args =>
        {
            var name = args.Count == 1 ? args[0] : null;
            return (RuleSession s, int i, out Sample v) =>
            {
                v = Sample.FromNumber(HeaderValues.CountCookies(s.Exchange.RequestHeaders, name));
                return i == 0;
            };
        });
    }

    /// <summary>A fetch that gives its argument, typed; <c>bool(1)</c> and <c>int(-3)</c> read a leading integer, as HAProxy does.</summary>
    private static FetchDefinition Constant(string name, SampleType type, Func<string, Sample> value) =>
        new(name, 1, 1, type, PhaseSet.All, false, args =>
        {
            var sample = value(args.Count == 0 ? "" : args[0]);
            return (RuleSession s, int i, out Sample v) =>
            {
                v = sample;
                return i == 0;
            };
        });

    /// <summary>Whether this catalog checks the fetch's arguments itself (<c>str()</c> may be empty).</summary>
    /// <exception cref="RuleCompileException">An argument is not valid.</exception>
    public static bool CheckArguments(FetchDefinition fetch, ValueList<string> args, SourcePosition position)
    {
        switch (fetch.Name)
        {
            case "str":
                return true;
            case "bool" when args[0] is not ("true" or "false" or "0" or "1"):
                throw new RuleCompileException($"bool() takes true, false, 0 or 1; found '{args[0]}'.", position, args[0], "true, false, 0 or 1");
            case "int" when !long.TryParse(args[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _):
                throw new RuleCompileException($"int() takes an integer; found '{args[0]}'.", position, args[0], "an integer");
            default:
                return false;
        }
    }

    private static long ParseInteger(string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
