using Gateway.Core.Rules.Matching;
using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;

namespace Gateway.Core.Rules.Fetches;

/// <summary>
/// A fetch the language knows: its name, arguments, type, the phases it can be read in, and how
/// to build the function that reads it from its arguments.
/// </summary>
/// <param name="MultiValued">Whether an ACL tests each value (headers, cookies) rather than one.</param>
public sealed record FetchDefinition(
    string Name,
    int MinArgs,
    int MaxArgs,
    SampleType Type,
    PhaseSet Phases,
    bool MultiValued,
    Func<ValueList<string>, FetchFunction> Create)
{
    /// <summary>
    /// Whether a multi-valued fetch gives its first value where one value is needed (formats,
    /// set-var), as HAProxy's url_param does; headers and cookies give their last.
    /// </summary>
    public bool FirstWhereOneValue { get; init; }

    public MatchMethod DefaultMethod => Type switch
    {
        SampleType.Address => MatchMethod.Ip,
        SampleType.Number => MatchMethod.Int,
        SampleType.Boolean => MatchMethod.Bool,
        _ => MatchMethod.Str,
    };
}
