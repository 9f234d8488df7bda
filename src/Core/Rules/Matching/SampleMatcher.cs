using Gateway.Core.Rules.Primitives;


namespace Gateway.Core.Rules.Matching;

/// <summary>Compares one sample with an ACL's patterns, using lookup structures built once.</summary>
internal abstract class SampleMatcher
{
    public abstract bool Match(in Sample sample);
}

/// <summary><c>found</c>: any value at all.</summary>
internal sealed class FoundMatcher : SampleMatcher
{
    public static FoundMatcher Instance { get; } = new();

    public override bool Match(in Sample sample) => true;
}

/// <summary><c>bool</c>: a non-zero number (ssl_fc, a counter).</summary>
internal sealed class BoolMatcher : SampleMatcher
{
    public static BoolMatcher Instance { get; } = new();

    public override bool Match(in Sample sample) => sample.TryGetInteger(out var value) && value != 0;
}
