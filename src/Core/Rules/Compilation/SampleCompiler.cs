using Gateway.Core.Rules.Fetches;
using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;
using Gateway.Core.Rules.Syntax;

namespace Gateway.Core.Rules.Compilation;

/// <summary>Checks a sample expression against the catalogs and builds its functions.</summary>
internal static class SampleCompiler
{
    /// <exception cref="RuleCompileException">Unknown fetch or converter, wrong arguments, or a fetch the phase cannot read.</exception>
    public static CompiledSample Compile(SampleExpression expression, PhaseSet phase, RuleCompileContext context)
    {
        var fetch = Resolve(expression.Fetch, phase, context.Fetches);
        StickFetchChecks.Check(fetch.Definition, expression.Fetch, context);
        var converters = new ConverterFunction[expression.Converters.Count];
        for (var i = 0; i < converters.Length; i++)
        {
            var call = expression.Converters[i];
            if (!ConverterCatalog.TryGet(call.Name, out var converter))
            {
                throw new RuleCompileException($"Unknown converter '{call.Name}'{NameSuggestions.Suggest(call.Name, ConverterCatalog.Names)}.", call.Position, call.Name, "a converter (" + Names(ConverterCatalog.Names) + ")");
            }

            CheckArity(call, converter.MinArgs, converter.MaxArgs, "converter");
            try
            {
                converters[i] = converter.Create(call.Args, context);
            }
            catch (RuleCompileException ex) when (ex.Position is null)
            {
                throw ex.At(call.Position);
            }
        }

        return new CompiledSample(fetch.Definition.Create(expression.Fetch.Args), converters, fetch.Definition.MultiValued, RuleFormatter.Format(expression), fetch.Definition.FirstWhereOneValue);
    }

    public static (FetchDefinition Definition, SampleCall SampleCall) Resolve(SampleCall call, PhaseSet phase, FetchCatalog fetches)
    {
        if (!fetches.TryGet(call.Name, out var fetch))
        {
            throw new RuleCompileException($"Unknown fetch '{call.Name}'{NameSuggestions.Suggest(call.Name, fetches.Names)}.", call.Position, call.Name, "a fetch (" + Names(fetches.Names) + ")");
        }

        CheckArity(call, fetch.MinArgs, fetch.MaxArgs, "fetch");
        if ((fetch.Phases & phase) != phase)
        {
            throw new RuleCompileException($"The fetch '{call.Name}' cannot be read in {Describe(phase)} rules; it is available in {Describe(fetch.Phases)} rules.", call.Position, call.Name, $"a fetch available in {Describe(phase)} rules");
        }

        FetchCatalog.CheckArguments(fetch, call.Args, call.Position, RuleFormatter.Format(call));
        return (fetch, call);
    }

    private static void CheckArity(SampleCall call, int min, int max, string kind)
    {
        if (call.Args.Count < min || call.Args.Count > max)
        {
            var expected = min == max ? $"{min}" : $"{min} to {max}";
            var arguments = $"{expected} argument{(max == 1 ? "" : "s")}";
            throw new RuleCompileException($"The {kind} '{call.Name}' takes {arguments}; found {call.Args.Count}.", call.Position, RuleFormatter.Format(call), arguments);
        }
    }

    private static string Names(IEnumerable<string> names) => string.Join(", ", names.Order(StringComparer.Ordinal));

    internal static string Describe(PhaseSet phases) => string.Join(" and ", new[]
    {
        phases.HasFlag(PhaseSet.Connection) ? "tcp-request connection" : null,
        phases.HasFlag(PhaseSet.Request) ? "http-request" : null,
        phases.HasFlag(PhaseSet.Response) ? "http-response" : null,
    }.OfType<string>());
}
