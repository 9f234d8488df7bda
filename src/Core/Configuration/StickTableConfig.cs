namespace Gateway.Core.Configuration;

/// <summary>
/// HAProxy's <c>stick-table</c>: counters kept per client (or per any key a rule tracks), read by
/// rules through the <c>sc_*</c>, <c>src_*</c> and <c>table_*</c> fetches.
/// </summary>
public sealed record StickTableConfig
{
    public required string Id { get; init; }

    /// <summary>What the entries are keyed by.</summary>
    public StickKeyType Type { get; init; } = StickKeyType.Address;

    /// <summary>The most entries kept; when full, the least recently updated entry makes room.</summary>
    public int Size { get; init; } = 100_000;

    /// <summary>How long an entry lives after its last update; null keeps entries until evicted.</summary>
    public TimeSpan? Expire { get; init; }

    /// <summary>
    /// The data types kept per entry, in HAProxy's names, rates with their period:
    /// <c>conn_cur</c>, <c>http_req_rate(10s)</c>. Kept as written; validation reads them.
    /// </summary>
    public IReadOnlyList<string> Store { get; init; } = [];

    /// <summary>
    /// Whether the nodes of a cluster count together (HAProxy's <c>peers</c>): each node counts locally and
    /// exchanges its counts through Redis on a short interval, so the counters and rates read by rules are
    /// the cluster's. <c>conn_cur</c>, <c>gpt0</c> and <c>server_id</c> stay per node.
    /// </summary>
    public bool Shared { get; init; }

    public bool Equals(StickTableConfig? other) =>
        other is not null && Id == other.Id && Type == other.Type && Size == other.Size && Expire == other.Expire && Store.SequenceEqual(other.Store) && Shared == other.Shared;

    public override int GetHashCode() => HashCode.Combine(Id, Type, Size, Expire, Store.Count, Shared);
}

/// <summary>The key of a stick table; HAProxy's names on the wire: <c>ip</c>, <c>integer</c>, <c>string</c>, <c>binary</c>.</summary>
public enum StickKeyType
{
    /// <summary>An IPv4 or IPv6 address (an IPv4 address and its IPv4-mapped IPv6 form are one key).</summary>
    Address,

    /// <summary>A signed 64-bit integer.</summary>
    Number,

    /// <summary>Text, up to <see cref="StickTables.StickKey.MaxTextLength"/> characters (longer keys are cut, as HAProxy cuts them at the table's length).</summary>
    Text,

    /// <summary>Bytes, written as text by the fetch that gives them; kept like <see cref="Text"/>.</summary>
    Binary,
}
