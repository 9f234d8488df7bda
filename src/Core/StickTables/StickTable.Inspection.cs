namespace Gateway.Core.StickTables;

/// <summary>What the runtime API and the admin pages read and clear: entries by key, the busiest ones, and clearing.</summary>
public sealed partial class StickTable
{
    /// <summary>One entry as the API shows it.</summary>
    /// <param name="Data">Each stored data type's value now, by its name in the store (<c>http_req_rate(10s)</c>).</param>
    /// <param name="ExpiresIn">Time left before the entry expires unless updated; null without expiry or while tracked.</param>
    /// <param name="Tracked">How many connections or requests track the entry right now.</param>
    public sealed record EntryView(string Key, IReadOnlyList<KeyValuePair<string, long>> Data, TimeSpan? ExpiresIn, int Tracked);

    public EntryView? Find(in StickKey key)
    {
        lock (_sync)
        {
            var now = NowMs();
            return _index.TryGetValue(key, out var slot) && !IsExpired(slot, now) ? View(slot, now) : null;
        }
    }

    /// <summary>
    /// The <paramref name="count"/> entries with the largest value of <paramref name="by"/> (most recently
    /// updated first when <paramref name="by"/> is null or not stored).
    /// </summary>
    public IReadOnlyList<EntryView> Top(StickDataType? by, int count)
    {
        lock (_sync)
        {
            var now = NowMs();
            PurgeExpired(now);
            count = Math.Clamp(count, 0, _index.Count);
            if (by is not { } type || !_schema.Stores(type))
            {
                var recent = new List<EntryView>(count);
                for (var slot = _tail; slot != None && recent.Count < count; slot = Prev(slot))
                {
                    recent.Add(View(slot, now));
                }

                return recent;
            }

            // A bounded min-heap keeps the largest values seen: one pass, memory for count entries only.
            var heap = new PriorityQueue<int, long>(count + 1);
            foreach (var slot in _index.Values)
            {
                var value = ReadLocked(slot, type, now) ?? 0;
                if (heap.Count < count)
                {
                    heap.Enqueue(slot, value);
                }
                else if (count > 0 && heap.TryPeek(out _, out var least) && value > least)
                {
                    heap.EnqueueDequeue(slot, value);
                }
            }

            var top = new List<(int Slot, long Value)>(heap.Count);
            while (heap.TryDequeue(out var slot, out var value))
            {
                top.Add((slot, value));
            }

            top.Reverse();
            return [.. top.Select(t => View(t.Slot, now))];
        }
    }

    /// <summary>Removes one entry; one that is tracked right now keeps living but its counters start again.</summary>
    /// <returns>False when there is no such entry.</returns>
    public bool Remove(in StickKey key)
    {
        lock (_sync)
        {
            if (!_index.TryGetValue(key, out var slot))
            {
                return false;
            }

            ClearSlot(slot, NowMs());
            return true;
        }
    }

    /// <summary>Removes every entry (tracked ones are emptied instead, as <see cref="Remove"/> does).</summary>
    /// <returns>How many entries there were.</returns>
    public int Clear()
    {
        lock (_sync)
        {
            var now = NowMs();
            var count = _index.Count;
            foreach (var slot in _index.Values.ToArray())
            {
                ClearSlot(slot, now);
            }

            return count;
        }
    }

    private void ClearSlot(int slot, long now)
    {
        if (Refs(slot) == 0)
        {
            RemoveSlot(slot);
            return;
        }

        // conn_cur still counts the trackers, which will release it.
        var offset = _schema.Offset(StickDataType.ConnCur);
        var current = offset >= 0 ? Entry(slot)[offset] : 0;
        ResetData(slot, now);
        if (offset >= 0)
        {
            Entry(slot)[offset] = current;
        }
    }

    private EntryView View(int slot, long now)
    {
        var schema = _schema;
        var data = new KeyValuePair<string, long>[schema.Data.Count];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = new(schema.Data[i].ToString(), ReadLocked(slot, schema.Data[i].Type, now) ?? 0);
        }

        TimeSpan? expiresIn = schema.Expire is { } expire && Refs(slot) == 0
            ? TimeSpan.FromMilliseconds(Math.Max(0, Touched(slot) + (long)expire.TotalMilliseconds - now))
            : null;
        return new EntryView(_keys[slot].Format(schema.KeyType), data, expiresIn, (int)Refs(slot));
    }
}
