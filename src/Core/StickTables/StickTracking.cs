namespace Gateway.Core.StickTables;

/// <summary>
/// The tracked counters of a connection or of a request (HAProxy's sc0 to sc2): which table entry
/// each follows. A request starts with its connection's counters (tracked by
/// <c>tcp-request connection track-sc</c>) and may track the others itself; it releases only what
/// it tracked, the connection releases the rest when it closes.
/// </summary>
public sealed class StickTracking
{
    /// <summary>HAProxy's default number of tracked counters: sc0, sc1 and sc2.</summary>
    public const int Counters = 3;

    private readonly StickTable?[] _tables = new StickTable?[Counters];
    private readonly int[] _slots = new int[Counters];
    private readonly bool[] _owned = new bool[Counters];

    public StickTracking()
    {
    }

    /// <summary>A request's tracking, starting with its connection's counters.</summary>
    public StickTracking(StickTracking? connection)
    {
        if (connection is null)
        {
            return;
        }

        Array.Copy(connection._tables, _tables, Counters);
        Array.Copy(connection._slots, _slots, Counters);
    }

    /// <summary>Whether any counter is tracked (by this request or its connection).</summary>
    public bool Any => _tables[0] is not null || _tables[1] is not null || _tables[2] is not null;

    /// <summary>Whether this request or connection tracked a counter itself (so it has something to release).</summary>
    public bool OwnsAny => _owned[0] || _owned[1] || _owned[2];

    public bool IsTracked(int counter) => _tables[counter] is not null;

    /// <summary>Starts tracking <paramref name="key"/> in <paramref name="table"/> as counter <paramref name="counter"/>; ignored when that counter is already tracked, as HAProxy does.</summary>
    /// <returns>False when the counter was already tracked or the table is full of tracked entries.</returns>
    public bool Track(int counter, StickTable table, in StickKey key, bool httpRequest)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (_tables[counter] is not null)
        {
            return false;
        }

        var slot = table.Track(key, httpRequest);
        if (slot < 0)
        {
            return false;
        }

        _tables[counter] = table;
        _slots[counter] = slot;
        _owned[counter] = true;
        return true;
    }

    /// <summary>The entry a counter follows (its table and slot, boxed), to tell clients apart; null when the counter is not tracked.</summary>
    internal object? Entry(int counter) => _tables[counter] is { } table ? (table, _slots[counter]) : null;

    /// <summary>A stored value of a tracked counter: 0 when the counter is not tracked (as HAProxy answers), null when its table does not keep the type.</summary>
    public long? Read(int counter, StickDataType type) =>
        _tables[counter] is { } table ? table.Read(_slots[counter], type) : 0;

    /// <summary><c>sc-inc-gpc0</c>: the new value, or 0 when the counter is not tracked.</summary>
    public long IncrementGpc0(int counter) => _tables[counter] is { } table ? table.IncrementGpc0(_slots[counter]) : 0;

    /// <summary><c>sc-set-gpt0</c>.</summary>
    public void SetGpt0(int counter, long value) => _tables[counter]?.Set(_slots[counter], StickDataType.Gpt0, value);

    /// <summary>An HTTP request on a connection whose counters were tracked before it: each such entry counts the request.</summary>
    public void CountRequestOnInherited()
    {
        for (var i = 0; i < Counters; i++)
        {
            if (_tables[i] is { } table && !_owned[i])
            {
                table.Add(_slots[i], StickDataType.HttpReqCnt, StickDataType.HttpReqRate, 1);
            }
        }
    }

    /// <summary>The end of an HTTP exchange: an error (see <c>StickCounting</c> for what HAProxy 2.6 counts as one) and the bytes, on every tracked entry.</summary>
    public void CountResponse(bool clientError, long bytesIn, long bytesOut)
    {
        for (var i = 0; i < Counters; i++)
        {
            if (_tables[i] is not { } table)
            {
                continue;
            }

            if (clientError)
            {
                table.Add(_slots[i], StickDataType.HttpErrCnt, StickDataType.HttpErrRate, 1);
            }

            if (bytesIn > 0)
            {
                table.Add(_slots[i], StickDataType.BytesInRate, StickDataType.BytesInRate, bytesIn);
            }

            if (bytesOut > 0)
            {
                table.Add(_slots[i], StickDataType.BytesOutRate, StickDataType.BytesOutRate, bytesOut);
            }
        }
    }

    /// <summary>Releases the counters this request or connection tracked itself.</summary>
    public void Release()
    {
        for (var i = 0; i < Counters; i++)
        {
            if (_owned[i])
            {
                _tables[i]!.Release(_slots[i]);
                _owned[i] = false;
                _tables[i] = null;
            }
        }
    }
}
