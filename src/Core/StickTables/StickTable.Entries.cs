namespace Gateway.Core.StickTables;

/// <summary>The entry list: finding, adding, touching, expiring and evicting entries. Every method here runs under the table's lock.</summary>
public sealed partial class StickTable
{
    /// <summary>How many tracked entries a purge or an eviction steps over before giving up, so one update never walks a whole table.</summary>
    private const int TrackedSkipLimit = 64;

    private int FindOrAdd(in StickKey key, long now)
    {
        if (_index.TryGetValue(key, out var slot))
        {
            if (IsExpired(slot, now))
            {
                // Expired but not yet purged: it starts again as a new entry.
                Interlocked.Increment(ref _expired);
                ResetData(slot, now);
            }

            Touch(slot, now);
            return slot;
        }

        PurgeExpired(now);
        if (_index.Count >= _schema.Size && !EvictOne())
        {
            return None;
        }

        slot = AllocateSlot();
        _keys[slot] = key;
        Refs(slot) = 0;
        ResetData(slot, now);
        Touched(slot) = now;
        Append(slot);
        _index.Add(key, slot);
        return slot;
    }

    private bool IsExpired(int slot, long now) =>
        Refs(slot) == 0 && _schema.Expire is { } expire && now - Touched(slot) >= (long)expire.TotalMilliseconds;

    private void ResetData(int slot, long now)
    {
        var schema = _schema;
        var data = Entry(slot);
        // A shared entry gets a generation no entry of the table had before, so a sync that read it earlier knows.
        var generation = schema.Shared ? ++_generations : 0;
        data.Clear();
        foreach (var spec in schema.Data)
        {
            if (!StickDataTypes.IsRate(spec.Type))
            {
                continue;
            }

            var counter = data.Slice(schema.Offset(spec.Type), FreqCounter.Slots);
            if (schema.Shared)
            {
                FreqCounter.ResetAligned(counter, now, schema.PeriodMs(spec.Type));
            }
            else
            {
                FreqCounter.Reset(counter, now);
            }
        }

        if (schema.Shared)
        {
            data[schema.GenerationOffset] = generation;
        }
    }

    /// <summary>The entry counts as updated now: it moves to the tail of the list.</summary>
    private void Touch(int slot, long now)
    {
        Touched(slot) = now;
        if (slot != _tail)
        {
            Unlink(slot);
            Append(slot);
        }
    }

    /// <summary>Drops expired entries from the head of the list; the list is in expiry order, so it stops at the first live one.</summary>
    private void PurgeExpired(long now)
    {
        if (_schema.Expire is not { } expire)
        {
            return;
        }

        var skipped = 0;
        var limit = (long)expire.TotalMilliseconds;
        while (_head != None && now - Touched(_head) >= limit)
        {
            if (Refs(_head) > 0)
            {
                // Tracked right now: it lives on, and counts as updated.
                if (++skipped > TrackedSkipLimit)
                {
                    return;
                }

                Touch(_head, now);
                continue;
            }

            Interlocked.Increment(ref _expired);
            RemoveSlot(_head);
        }
    }

    /// <summary>Makes room by dropping the least recently updated entry nobody tracks.</summary>
    private bool EvictOne()
    {
        var candidate = _head;
        for (var skipped = 0; candidate != None && skipped <= TrackedSkipLimit; skipped++)
        {
            if (Refs(candidate) == 0)
            {
                Interlocked.Increment(ref _evicted);
                RemoveSlot(candidate);
                return true;
            }

            candidate = Next(candidate);
        }

        return false;
    }

    private void RemoveSlot(int slot)
    {
        _index.Remove(_keys[slot]);
        _keys[slot] = default;
        Unlink(slot);
        SetNext(slot, _freeList);
        _freeList = slot;
    }

    private int AllocateSlot()
    {
        if (_freeList != None)
        {
            var free = _freeList;
            _freeList = Next(free);
            return free;
        }

        if (_highWater == _keys.Length)
        {
            Grow();
        }

        return _highWater++;
    }

    /// <summary>Doubles the arrays, up to the size: a table holds memory for the entries it has had, not for its size.</summary>
    private void Grow()
    {
        var capacity = (int)Math.Min(Math.Max(_schema.Size, _keys.Length), Math.Max(16L, _keys.Length * 2L));
        if (capacity <= _keys.Length)
        {
            capacity = _keys.Length + 16;
        }

        Array.Resize(ref _keys, capacity);
        Array.Resize(ref _entries, capacity * _stride);
    }

    private void Append(int slot)
    {
        SetPrev(slot, _tail);
        SetNext(slot, None);
        if (_tail != None)
        {
            SetNext(_tail, slot);
        }
        else
        {
            _head = slot;
        }

        _tail = slot;
    }

    private void Unlink(int slot)
    {
        var prev = Prev(slot);
        var next = Next(slot);
        if (prev != None)
        {
            SetNext(prev, next);
        }
        else
        {
            _head = next;
        }

        if (next != None)
        {
            SetPrev(next, prev);
        }
        else
        {
            _tail = prev;
        }
    }
}
