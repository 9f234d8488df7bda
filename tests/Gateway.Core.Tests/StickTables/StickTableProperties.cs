using FsCheck;
using FsCheck.Fluent;
using Gateway.Core.StickTables;

namespace Gateway.Core.Tests.StickTables;

/// <summary>
/// The table agrees with a plain reference (a list of entries in update order) over random
/// sequences of requests, clock steps, releases and removals: which keys are kept, what
/// <c>http_req_cnt</c> each holds, how many were evicted and expired; and its rate never exceeds the
/// events of the last two periods (freq_ctr may report fewer than the last period's: its periods stay
/// aligned to the first event, so events late in a period weigh less once it ends).
/// </summary>
public class StickTableProperties
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(300);

    /// <summary>Kind 0: a request from Key held until a later release; 1: a request released at once; 2: advance the clock by Step ms; 3: remove Key.</summary>
    public sealed record Op(int Kind, int Key, int Step);

    private static Gen<Op> Ops { get; } =
        from kind in Gen.Frequency((2, Gen.Constant(0)), (6, Gen.Constant(1)), (3, Gen.Constant(2)), (1, Gen.Constant(3)))
        from key in Gen.Choose(0, 9)
        from step in Gen.Choose(1, 8_000)
        select new Op(kind, key, step);

    private sealed class ReferenceEntry
    {
        public long Touched;
        public long Requests;
        public int Refs;
        public List<long> Events { get; } = [];
    }

    [Fact]
    public void Table_AgreesWithReference()
    {
        Prop.ForAll(Ops.ListOf().ToArbitrary(), Gen.Choose(1, 6).ToArbitrary(), (ops, size) => Check([.. ops], size)).Check(Config);
    }

    private static bool Check(Op[] ops, int size)
    {
        const long expire = 20_000;
        const long period = 10_000;
        var clock = new StepClock();
        var table = new StickTable(StickTableTests.Schema(size, TimeSpan.FromMilliseconds(expire)), clock);
        var now = 0L;
        var order = new List<int>(); // reference: keys, least recently updated first
        var entries = new Dictionary<int, ReferenceEntry>();
        var held = new List<(int Key, int Slot)>();
        long evicted = 0, expired = 0;

        void Touch(int key)
        {
            order.Remove(key);
            order.Add(key);
            entries[key].Touched = now;
        }

        foreach (var op in ops)
        {
            switch (op.Kind)
            {
                case 0 or 1:
                    var known = entries.TryGetValue(op.Key, out var entry);
                    if (known && entry!.Refs == 0 && now - entry.Touched >= expire)
                    {
                        expired++;
                        entry = new ReferenceEntry();
                        entries[op.Key] = entry;
                    }

                    if (!known)
                    {
                        foreach (var k in order.ToArray())
                        {
                            if (entries[k].Refs == 0 && now - entries[k].Touched >= expire)
                            {
                                expired++;
                                order.Remove(k);
                                entries.Remove(k);
                            }
                        }

                        if (entries.Count >= size)
                        {
                            var victim = order.FirstOrDefault(k => entries[k].Refs == 0, -1);
                            if (victim < 0)
                            {
                                Assert.Equal(-1, table.Track(StickKey.FromInteger(op.Key), true));
                                continue;
                            }

                            evicted++;
                            order.Remove(victim);
                            entries.Remove(victim);
                        }

                        entries[op.Key] = entry = new ReferenceEntry();
                    }

                    var slot = table.Track(StickKey.FromInteger(op.Key), true);
                    Assert.NotEqual(-1, slot);
                    entry!.Requests++;
                    entry.Events.Add(now);
                    entry.Refs++;
                    Touch(op.Key);
                    if (op.Kind == 1)
                    {
                        table.Release(slot);
                        entry.Refs--;
                        Touch(op.Key);
                    }
                    else
                    {
                        held.Add((op.Key, slot));
                    }

                    break;
                case 2:
                    clock.Advance(op.Step);
                    now += op.Step;
                    if (held.Count > 0 && op.Step % 2 == 0)
                    {
                        var (key, heldSlot) = held[0];
                        held.RemoveAt(0);
                        table.Release(heldSlot);
                        entries[key].Refs--;
                        Touch(key);
                    }

                    break;
                case 3:
                    if (entries.TryGetValue(op.Key, out var removed) && removed.Refs == 0)
                    {
                        Assert.True(table.Remove(StickKey.FromInteger(op.Key)));
                        order.Remove(op.Key);
                        entries.Remove(op.Key);
                    }

                    break;
            }

            foreach (var (key, e) in entries)
            {
                if (e.Refs == 0 && now - e.Touched >= expire)
                {
                    continue; // expired but not purged yet: reads see no entry, as the reference will on its next purge
                }

                var count = table.Lookup(StickKey.FromInteger(key), StickDataType.HttpReqCnt);
                var rate = table.Lookup(StickKey.FromInteger(key), StickDataType.HttpReqRate)!.Value;
                var lastTwo = e.Events.Count(t => now - t < 2 * period);
                if (count != e.Requests || rate > lastTwo)
                {
                    Assert.Fail($"key {key}: count {count} (reference {e.Requests}), rate {rate} (events in two periods {lastTwo}) now {now} events {string.Join(",", e.Events)} ops {string.Join(";", ops.Select(o => $"{o.Kind}/{o.Key}/{o.Step}"))}");
                }
            }
        }

        // Reading the count purges what the reference still holds expired.
        var live = entries.Count(e => e.Value.Refs > 0 || now - e.Value.Touched < expire);
        expired += entries.Count - live;
        return table.Count == live && table.Evicted == evicted && table.Expired == expired;
    }
}
