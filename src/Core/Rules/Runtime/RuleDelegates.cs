using Gateway.Core.Rules.Primitives;

namespace Gateway.Core.Rules.Runtime;

/// <summary>
/// Reads the <paramref name="index"/>th value of a fetch (0 for single-valued fetches; headers
/// and cookies can have several). Returns false when there is no such value.
/// </summary>
public delegate bool FetchFunction(RuleSession session, int index, out Sample sample);

/// <summary>Transforms a sample in place. Returns false when the conversion fails, which makes the sample absent.</summary>
internal delegate bool ConverterFunction(RuleSession session, ref Sample sample);
