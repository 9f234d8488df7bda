namespace Gateway.Core.StickTables;

/// <summary>
/// One stick table's entries: a key, when it was last updated, and the stored data types. Memory is
/// bounded by the schema's size; when the table is full the least recently updated entry that no
/// request or connection is tracking makes room (counted in <see cref="Evicted"/>).
/// </summary>
/// <remarks>
/// Entries sit in parallel arrays (slot-indexed), on one list ordered by last update, so an update
/// of an existing key allocates nothing and moves its entry to the tail. Because every entry of a
/// table lives for the same time after its last update, that list is also ordered by expiry: expired
/// entries are found at its head and purged when a new entry needs room or the table is read, with
/// no timer per entry (the least-recently-ticked order of the lsquic notes). One lock guards a table;
/// an update holds it for a dictionary lookup and a few stores.
/// </remarks>
public sealed partial class StickTable
{
    private const int None = -1;

    private readonly Lock _sync = new();
    private readonly TimeProvider _time;
    private readonly long _epoch;

    // A shared table keeps time in Unix milliseconds, so its rate periods start at the same instants on every node.
    private readonly long _clockBase;
    private readonly Dictionary<StickKey, int> _index = [];
    private StickTableSchema _schema;
    private readonly int _stride;
    private StickKey[] _keys;

    // Each entry's list links, last update, tracker count and data sit together in one array, so an
    // update reads one or two cache lines of it; a table of 1M entries misses the cache on almost every key.
    private long[] _entries;
    private int _head = None;
    private int _tail = None;
    private int _freeList = None;
    private int _highWater;
    private long _evicted;
    private long _generations;
    private long _expired;

    public StickTable(StickTableSchema schema, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        _schema = schema;
        _time = time ?? TimeProvider.System;
        _epoch = _time.GetTimestamp();
        _clockBase = schema.Shared ? _time.GetUtcNow().ToUnixTimeMilliseconds() : 0;
        var capacity = Math.Min(schema.Size, 1024);
        _stride = HeaderSlots + schema.EntryStride;
        _keys = new StickKey[capacity];
        _entries = new long[capacity * _stride];
    }

    public StickTableSchema Schema => Volatile.Read(ref _schema);

    /// <summary>Entries evicted to make room for new ones since the table was created.</summary>
    public long Evicted => Interlocked.Read(ref _evicted);

    /// <summary>Entries dropped because they were not updated within the expiry.</summary>
    public long Expired => Interlocked.Read(ref _expired);

    /// <summary>Entries in the table now (expired ones are purged first).</summary>
    public int Count
    {
        get
        {
            lock (_sync)
            {
                PurgeExpired(NowMs());
                return _index.Count;
            }
        }
    }

    /// <summary>Milliseconds since the table was created, on its clock: the time its counters are kept in.</summary>
    internal long NowMs() => _clockBase + (long)_time.GetElapsedTime(_epoch).TotalMilliseconds;

    /// <summary>
    /// Takes a new size or expiry of the same key type and store set; entries stay. A smaller size
    /// takes effect as new entries arrive.
    /// </summary>
    internal void Reconfigure(StickTableSchema schema)
    {
        lock (_sync)
        {
            if (!schema.KeepsEntriesOf(_schema))
            {
                throw new InvalidOperationException($"Table '{_schema.Id}' cannot take a schema with another key type or store set; it needs a new table.");
            }

            Volatile.Write(ref _schema, schema);
        }
    }

    /// <summary>
    /// Starts tracking <paramref name="key"/> (HAProxy's <c>track-sc</c>): finds or creates its entry,
    /// counts a connection on it (<c>conn_cur</c>, <c>conn_cnt</c>, <c>conn_rate</c>) and, for an
    /// HTTP request, a request (<c>http_req_cnt</c>, <c>http_req_rate</c>). The entry stays until
    /// <see cref="Release"/>, so a tracked entry is never evicted or expired.
    /// </summary>
    /// <returns>The entry's slot, or -1 when every entry is tracked and the table is full.</returns>
    internal int Track(in StickKey key, bool httpRequest)
    {
        lock (_sync)
        {
            var now = NowMs();
            var slot = FindOrAdd(key, now);
            if (slot == None)
            {
                return None;
            }

            Refs(slot)++;
            var data = Entry(slot);
            var schema = _schema;
            Increment(schema, data, StickDataType.ConnCur, 1, now);
            Increment(schema, data, StickDataType.ConnCnt, 1, now);
            Increment(schema, data, StickDataType.ConnRate, 1, now);
            if (httpRequest)
            {
                Increment(schema, data, StickDataType.HttpReqCnt, 1, now);
                Increment(schema, data, StickDataType.HttpReqRate, 1, now);
            }

            return slot;
        }
    }

    /// <summary>Ends a tracking: one connection less in <c>conn_cur</c>, and the entry counts as updated now.</summary>
    internal void Release(int slot)
    {
        lock (_sync)
        {
            var now = NowMs();
            var offset = _schema.Offset(StickDataType.ConnCur);
            if (offset >= 0)
            {
                ref var current = ref Entry(slot)[offset];
                current = Math.Max(0, current - 1);
            }

            Refs(slot)--;
            Touch(slot, now);
        }
    }

    /// <summary>Adds to the stored types among <paramref name="first"/> and <paramref name="second"/> (counters and rates alike; the same type twice adds once) of a tracked entry.</summary>
    internal void Add(int slot, StickDataType first, StickDataType second, long amount)
    {
        lock (_sync)
        {
            var now = NowMs();
            var data = Entry(slot);
            Increment(_schema, data, first, amount, now);
            if (second != first)
            {
                Increment(_schema, data, second, amount, now);
            }

            Touch(slot, now);
        }
    }

    /// <summary><c>sc-inc-gpc0</c>: the new value of <c>gpc0</c>, and one event in <c>gpc0_rate</c>.</summary>
    internal long IncrementGpc0(int slot)
    {
        Add(slot, StickDataType.Gpc0, StickDataType.Gpc0Rate, 1);
        return Read(slot, StickDataType.Gpc0) ?? 0;
    }

    /// <summary><c>sc-set-gpt0</c> (and <c>server_id</c> for stickiness): sets a stored value.</summary>
    internal void Set(int slot, StickDataType type, long value)
    {
        lock (_sync)
        {
            var offset = _schema.Offset(type);
            if (offset >= 0)
            {
                Entry(slot)[offset] = value;
            }

            Touch(slot, NowMs());
        }
    }

    /// <summary>A stored value of a tracked entry now; null when the table does not store the type.</summary>
    internal long? Read(int slot, StickDataType type)
    {
        lock (_sync)
        {
            return ReadLocked(slot, type, NowMs());
        }
    }

    /// <summary>A stored value of the entry with this key (HAProxy's <c>src_*</c> and <c>table_*</c> lookups), 0 without an entry; null when the type is not stored.</summary>
    public long? Lookup(in StickKey key, StickDataType type)
    {
        lock (_sync)
        {
            if (_schema.Offset(type) < 0)
            {
                return null;
            }

            var now = NowMs();
            return _index.TryGetValue(key, out var slot) && !IsExpired(slot, now) ? ReadLocked(slot, type, now) : 0;
        }
    }

    private long? ReadLocked(int slot, StickDataType type, long now)
    {
        var schema = _schema;
        var offset = schema.Offset(type);
        if (offset < 0)
        {
            return null;
        }

        var data = Entry(slot);
        var sync = schema.SyncOffset(type);
        if (sync >= 0)
        {
            // Shared: this node's counts plus the other nodes' as of the last sync.
            return StickDataTypes.IsRate(type)
                ? FreqCounter.ReadWith(data.Slice(offset, FreqCounter.Slots), data.Slice(sync + SharedSlots.OthersStart, FreqCounter.Slots), now, schema.PeriodMs(type))
                : data[offset] + data[sync + SharedSlots.Others];
        }

        return StickDataTypes.IsRate(type)
            ? FreqCounter.Read(data.Slice(offset, FreqCounter.Slots), now, schema.PeriodMs(type))
            : data[offset];
    }

    private static void Increment(StickTableSchema schema, Span<long> data, StickDataType type, long amount, long now)
    {
        var offset = schema.Offset(type);
        if (offset < 0)
        {
            return;
        }

        if (StickDataTypes.IsRate(type))
        {
            FreqCounter.Add(data.Slice(offset, FreqCounter.Slots), now, schema.PeriodMs(type), amount, schema.Shared);
        }
        else
        {
            data[offset] += amount;
        }
    }

    /// <summary>Longs before an entry's data: previous and next entry on the list, last update (ms), trackers.</summary>
    private const int HeaderSlots = 4;

    private Span<long> Entry(int slot) => _entries.AsSpan((slot * _stride) + HeaderSlots, _stride - HeaderSlots);

    private int Prev(int slot) => (int)_entries[slot * _stride];

    private int Next(int slot) => (int)_entries[(slot * _stride) + 1];

    private void SetPrev(int slot, int value) => _entries[slot * _stride] = value;

    private void SetNext(int slot, int value) => _entries[(slot * _stride) + 1] = value;

    private ref long Touched(int slot) => ref _entries[(slot * _stride) + 2];

    private ref long Refs(int slot) => ref _entries[(slot * _stride) + 3];
}
