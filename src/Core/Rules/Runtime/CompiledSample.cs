using Gateway.Core.Rules.Primitives;

namespace Gateway.Core.Rules.Runtime;

/// <summary>A fetch with its converters applied, ready to evaluate.</summary>
internal sealed class CompiledSample
{
    private readonly FetchFunction _fetch;
    private readonly ConverterFunction[] _converters;
    private readonly bool _firstWhereOneValue;

    internal CompiledSample(FetchFunction fetch, ConverterFunction[] converters, bool multiValued, string text, bool firstWhereOneValue = false)
    {
        _fetch = fetch;
        _converters = converters;
        _firstWhereOneValue = firstWhereOneValue;
        MultiValued = multiValued;
        Text = text;
    }

    /// <summary>Whether the fetch can return several values (headers, cookies, parameters).</summary>
    public bool MultiValued { get; }

    /// <summary>The expression's canonical text, for traces.</summary>
    public string Text { get; }

    /// <summary>The <paramref name="index"/>th value after conversion; false when absent or a converter failed.</summary>
    public bool TryEvaluate(RuleSession session, int index, out Sample sample) => Evaluate(session, index, out sample) == SampleStatus.Value;

    /// <summary>Like <see cref="TryEvaluate"/>, but tells a missing value (no more values) from one a converter rejected.</summary>
    internal SampleStatus Evaluate(RuleSession session, int index, out Sample sample)
    {
        if (!_fetch(session, index, out sample))
        {
            return SampleStatus.Absent;
        }

        foreach (var convert in _converters)
        {
            if (!convert(session, ref sample))
            {
                return SampleStatus.ConversionFailed;
            }
        }

        return SampleStatus.Value;
    }

    /// <summary>The value in a single-value context (formats, variables): the last one, as HAProxy does for headers (the first for url_param).</summary>
    public bool TryEvaluateLast(RuleSession session, out Sample sample)
    {
        if (!MultiValued || _firstWhereOneValue)
        {
            return TryEvaluate(session, 0, out sample);
        }

        var count = 0;
        while (_fetch(session, count, out _))
        {
            count++;
        }

        sample = default;
        return count > 0 && TryEvaluate(session, count - 1, out sample);
    }
}

internal enum SampleStatus
{
    Value,
    Absent,
    ConversionFailed,
}
