namespace Gateway.Core.Configuration;

/// <summary>
/// A named key/value table used by the <c>map</c> converters, e.g. host name to cluster. Entries
/// keep their order: the prefix, suffix and regex lookups return the first entry that matches.
/// </summary>
public sealed record MapConfig
{
    public required string Id { get; init; }

    public IReadOnlyList<MapEntry> Entries { get; init; } = [];
}

/// <summary>One line of a map.</summary>
public sealed record MapEntry(string Key, string Value);
