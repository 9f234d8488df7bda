using Gateway.Core.Configuration;
using Gateway.Core.Rules.Fetches;
using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Syntax;
using Gateway.Core.StickTables;

namespace Gateway.Core.Rules.Compilation;

/// <summary>Compile-time checks of the stick-table fetches (<see cref="StickFetches"/>), which need the document's tables.</summary>
internal static class StickFetchChecks
{
    /// <summary>
    /// Checks what the catalog cannot: a tracked counter from 0 to 2, a table that exists, an ip table for
    /// <c>src_*</c>, and a data type that table keeps.
    /// </summary>
    /// <exception cref="RuleCompileException">The call cannot work; reported at its position.</exception>
    public static void Check(FetchDefinition fetch, SampleCall call, RuleCompileContext context)
    {
        var name = fetch.Name;
        if (StickFetches.IsCounterFetch(name) && call.Args.Count == 1 && call.Args[0] is not ("0" or "1" or "2"))
        {
            throw new RuleCompileException($"{name}() names a tracked counter from 0 to {StickTracking.Counters - 1}; found '{call.Args[0]}'.", call.Position, call.Args[0], "0, 1 or 2");
        }

        var isSource = StickFetches.TryGetSourceType(name, out var type);
        if (!isSource && name != "table_cnt")
        {
            return;
        }

        StickTableSchema? schema;
        try
        {
            schema = context.StickTable(call.Args[0]);
        }
        catch (RuleCompileException ex)
        {
            throw ex.At(call.Position);
        }

        if (schema is null || name == "table_cnt")
        {
            return;
        }

        if (schema.KeyType != StickKeyType.Address)
        {
            throw new RuleCompileException($"{name}() looks the client's address up, and table '{schema.Id}' is not keyed by IP address.", call.Position, call.Args[0], "a table of type ip");
        }

        if (!schema.Stores(type))
        {
            throw new RuleCompileException($"Table '{schema.Id}' does not store {StickDataTypes.Name(type)}; add it to the table's store to read {name}().", call.Position, call.Args[0], $"a table that stores {StickDataTypes.Name(type)}");
        }
    }
}
