namespace Gateway.Core.StickTables;

/// <summary>
/// A shared table's side of the sync (HAProxy's peers, through Redis): requests only count locally, as in any
/// table; a background round reads what changed and writes back the other nodes' counts, which reads add.
/// </summary>
/// <remarks>
/// No bookkeeping on the request path: every update moves its entry to the tail of the update-ordered list, so
/// the entries updated within a window are the tail of the list, and each entry remembers how much of its count
/// is already pushed. A push that fails leaves that memory alone, so nothing is lost while Redis is away.
/// </remarks>
public sealed partial class StickTable
{
    /// <summary>
    /// Fills <paramref name="batch"/> with the entries updated within <paramref name="within"/> (most recent first,
    /// at most <paramref name="max"/>): their keys, what this node counted since its last push, and a snapshot of its
    /// counts. Nothing changes in the table.
    /// </summary>
    /// <returns>How many entries were collected; 0 when the table is not shared.</returns>
    public int CollectShared(SharedStickBatch batch, TimeSpan within, int max)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_sync)
        {
            var schema = _schema;
            if (!schema.Shared)
            {
                return 0;
            }

            batch.Begin(schema, max);
            var now = NowMs();
            var window = (long)within.TotalMilliseconds;
            for (var slot = _tail; slot != None && batch.Count < max && now - Touched(slot) <= window; slot = Prev(slot))
            {
                if (IsExpired(slot, now))
                {
                    continue;
                }

                var data = Entry(slot);
                var entry = batch.Add(_keys[slot], data[schema.GenerationOffset]);
                var snapshot = batch.Snapshot(entry);
                var deltas = batch.WritableDeltas(entry);
                var at = 0;
                foreach (var spec in schema.SharedData)
                {
                    Collect(schema, spec.Type, data, snapshot.Slice(at, SharedStickBatch.Width), deltas.Slice(at, SharedStickBatch.Width));
                    at += SharedStickBatch.Width;
                }
            }

            return batch.Count;
        }
    }

    /// <summary>
    /// Takes the cluster's totals read back for the first <paramref name="count"/> entries of a batch collected from
    /// this table and pushed: each entry's deltas count as pushed, and the other nodes' counts (the totals less
    /// this node's) are what reads add from now on. Entries gone or replaced since are skipped.
    /// </summary>
    public void ApplyShared(SharedStickBatch batch, int count)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_sync)
        {
            var schema = _schema;
            if (batch.Schema is not { } collected || !schema.Shared || !schema.KeepsEntriesOf(collected))
            {
                return;
            }

            for (var entry = 0; entry < Math.Min(count, batch.Count); entry++)
            {
                if (!_index.TryGetValue(batch.Key(entry), out var slot))
                {
                    continue;
                }

                var data = Entry(slot);
                // Reset since it was read (expired and started again, or cleared): what it counts now was not in this push.
                var sameEntry = data[schema.GenerationOffset] == batch.Generation(entry);
                var snapshot = batch.Snapshot(entry);
                var totals = batch.Totals(entry);
                var at = 0;
                foreach (var spec in schema.SharedData)
                {
                    Apply(schema, spec.Type, data, snapshot.Slice(at, SharedStickBatch.Width), totals.Slice(at, SharedStickBatch.Width), sameEntry);
                    at += SharedStickBatch.Width;
                }
            }
        }
    }

    private static void Collect(StickTableSchema schema, StickDataType type, Span<long> data, Span<long> snapshot, Span<long> deltas)
    {
        var offset = schema.Offset(type);
        var sync = data[schema.SyncOffset(type)..];
        if (!StickDataTypes.IsRate(type))
        {
            snapshot[1] = data[offset];
            deltas[0] = 0;
            deltas[1] = Math.Max(0, data[offset] - sync[SharedSlots.Pushed]);
            deltas[2] = 0;
            return;
        }

        var period = schema.PeriodMs(type);
        var (start, current, previous) = (data[offset], data[offset + 1], data[offset + 2]);
        var (pushedStart, pushedCount) = (sync[SharedSlots.PushedStart], sync[SharedSlots.PushedCount]);
        snapshot[0] = start;
        snapshot[1] = current;
        snapshot[2] = previous;
        deltas[0] = start / period;
        if (pushedStart == start)
        {
            deltas[1] = current - pushedCount;
            deltas[2] = 0;
        }
        else if (pushedStart == start - period)
        {
            // The period pushed last ended since: the rest of it, and all of the current one.
            deltas[1] = current;
            deltas[2] = previous - pushedCount;
        }
        else
        {
            deltas[1] = current;
            deltas[2] = previous;
        }

        deltas[1] = Math.Max(0, deltas[1]);
        deltas[2] = Math.Max(0, deltas[2]);
    }

    private static void Apply(StickTableSchema schema, StickDataType type, Span<long> data, ReadOnlySpan<long> snapshot, ReadOnlySpan<long> totals, bool sameEntry)
    {
        // Everything this node counted up to the snapshot is in Redis now, so the others' share of the totals is the
        // rest. An entry reset since counts nothing of what is in Redis any more: all of the totals are the others'.
        var sync = data[schema.SyncOffset(type)..];
        if (!StickDataTypes.IsRate(type))
        {
            if (sameEntry)
            {
                sync[SharedSlots.Pushed] = snapshot[1];
            }

            sync[SharedSlots.Others] = Math.Max(0, totals[1] - (sameEntry ? snapshot[1] : 0));
            return;
        }

        var period = schema.PeriodMs(type);
        if (sameEntry)
        {
            sync[SharedSlots.PushedStart] = snapshot[0];
            sync[SharedSlots.PushedCount] = snapshot[1];
        }

        var clusterStart = totals[0] * period;
        sync[SharedSlots.OthersStart] = clusterStart;
        sync[SharedSlots.OthersStart + 1] = Math.Max(0, totals[1] - (sameEntry ? Own(snapshot, clusterStart, period) : 0));
        sync[SharedSlots.OthersStart + 2] = Math.Max(0, totals[2] - (sameEntry ? Own(snapshot, clusterStart - period, period) : 0));
    }

    /// <summary>This node's count, in a snapshot of its aligned counter, of the period starting at <paramref name="start"/>.</summary>
    private static long Own(ReadOnlySpan<long> snapshot, long start, long period) =>
        snapshot[0] == start ? snapshot[1] : snapshot[0] - period == start ? snapshot[2] : 0;
}
