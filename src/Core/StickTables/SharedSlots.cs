namespace Gateway.Core.StickTables;

/// <summary>
/// What a shared table keeps per entry and shared type, after the stored data, so that syncing needs no
/// memory of its own per entry: how much of this node's count is already in Redis, and the other nodes'
/// counts as of the last sync (which reads add to this node's). Before them, one long per entry: its generation,
/// new at every reset, so a sync that read the entry before a reset does not take the new entry for the old one.
/// </summary>
internal static class SharedSlots
{
    /// <summary>A counter: this node's value when last pushed, the other nodes' total.</summary>
    public const int Counter = 2;

    /// <summary>A rate: the period last pushed and how much of it was, then the other nodes' counter (start of its period, its count, the previous period's).</summary>
    public const int Rate = 5;

    public const int Pushed = 0;
    public const int PushedStart = 0;
    public const int PushedCount = 1;

    /// <summary>A counter's other nodes' total.</summary>
    public const int Others = 1;

    /// <summary>A rate's other nodes' counter, three longs laid out as <see cref="FreqCounter"/> lays out one.</summary>
    public const int OthersStart = 2;
}
