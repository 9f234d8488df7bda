namespace Gateway.Admin.Api;

/// <summary>A live table: its definition's size, how full it is, what it has dropped, and the entries asked for.</summary>
/// <param name="Entries">The busiest entries by <c>by</c> (most recently updated first without it), or the one asked for by key.</param>
/// <param name="Shared">Whether the nodes count the table together: its counters and rates are the cluster's (this node's counts plus the others' as of the last sync).</param>
internal sealed record StickTableEntriesInfo(string Table, string Type, int Size, int Count, long Evicted, long Expired, IReadOnlyList<StickEntryInfo> Entries, bool Shared = false);

/// <summary>One entry: its key, each stored data type's value now (rates over their period), time to expiry, and how many connections or requests track it.</summary>
internal sealed record StickEntryInfo(string Key, IReadOnlyDictionary<string, long> Data, double? ExpiresInSeconds, int Tracked);

/// <summary>How many entries a clear removed.</summary>
internal sealed record StickTableClearInfo(string Table, int Cleared);
