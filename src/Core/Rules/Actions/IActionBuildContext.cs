using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;
using Gateway.Core.StickTables;

namespace Gateway.Core.Rules.Actions;

/// <summary>
/// What building an action needs from the compiler: the phase and scope it is written in, the
/// document's clusters, and formats and sample expressions compiled for that phase.
/// </summary>
internal interface IActionBuildContext
{
    RulePhase Phase { get; }

    /// <summary>Whether the action runs on the response (http-response rules).</summary>
    bool IsResponse => Phase == RulePhase.HttpResponse;

    /// <summary>False in a cluster's rules, which run after the cluster is chosen.</summary>
    bool AllowsUseBackend { get; }

    IEnumerable<string> Clusters { get; }

    bool HasCluster(string id);

    /// <summary>The argument compiled as a format (<c>%[src]:%[src_port]</c>).</summary>
    /// <exception cref="RuleCompileException">The format or one of its expressions is not valid.</exception>
    CompiledFormat Format(ActionArgument argument);

    /// <summary>The argument compiled as a sample expression (<c>hdr(x-user),lower</c>).</summary>
    /// <exception cref="RuleCompileException">The expression is not valid.</exception>
    CompiledSample Sample(ActionArgument argument);

    /// <summary>The stick table named by <paramref name="id"/>; null when it is defined with errors of its own.</summary>
    /// <exception cref="RuleCompileException">No table has this id (reported at the argument).</exception>
    StickTableSchema? StickTable(ActionArgument id);

    /// <summary>The type of the expression's fetch when no converter follows it; null when converters decide the type at run time.</summary>
    SampleType? FetchType(ActionArgument argument);
}
