using System.Net;
using Gateway.Core.Configuration;
using Gateway.Core.Serialization;
using Gateway.Core.StickTables;
using Gateway.Core.Validation;

namespace Gateway.Core.Tests.StickTables;

/// <summary>
/// A shared table's side of the sync, without Redis: what a round collects (what this node counted since its last
/// push), and how the cluster's counts handed back are read (this node's plus the others'). The Redis side is
/// tested through real nodes in Gateway.Tests (SharedStickTablesTests).
/// </summary>
public class SharedStickTableTests
{
    private readonly StepClock _clock = new();

    private static StickTableConfig Config(params string[] store) =>
        new() { Id = "t", Size = 100, Expire = TimeSpan.FromMinutes(1), Store = store.Length == 0 ? ["http_req_rate(10s)", "http_req_cnt", "conn_cur"] : store, Shared = true };

    private static StickTableSchema Schema(StickTableConfig config) => StickTableSchema.TryCreate(config, []) ?? throw new InvalidOperationException("invalid");

    private static readonly StickKey Client = StickKey.FromAddress(IPAddress.Parse("10.0.0.1"));

    private const long Period = 10_000;

    [Fact]
    public void Schema_SharesCountersAndRates_NotConnCur()
    {
        var schema = Schema(Config());
        Assert.True(schema.Shared);
        Assert.Equal(["http_req_rate(10s)", "http_req_cnt"], schema.SharedData.Select(d => d.ToString()));
        Assert.False(schema.KeepsEntriesOf(Schema(Config() with { Shared = false })));
    }

    [Fact]
    public void Validation_ASharedTableWithNothingToShare_IsRefusedOnItsSharedField()
    {
        var errors = ConfigValidator.Validate(new GatewayConfig { StickTables = [Config("conn_cur", "gpt0")] });
        var error = Assert.Single(errors);
        Assert.Equal("stickTables[t].shared", error.Path);
        Assert.Contains("stores none", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CanonicalJson_WritesSharedOnlyWhenTrue_AndReadsItBack()
    {
        var json = CanonicalJson.Serialize(new GatewayConfig { StickTables = [Config(), Config() with { Id = "local", Shared = false }] });
        Assert.Single(json.Split('\n'), line => line.Contains("\"shared\": true", StringComparison.Ordinal));
        Assert.True(CanonicalJson.TryParse(json, out var config, out var errors), string.Join("; ", errors));
        Assert.True(config!.StickTables.Single(t => t.Id == "t").Shared);
        Assert.False(config.StickTables.Single(t => t.Id == "local").Shared);
    }

    [Fact]
    public void Round_CollectsWhatThisNodeCounted_AndReadsAddTheOthersCounts_ThenOnlyNewCountsArePushed()
    {
        var table = new StickTable(Schema(Config()), _clock);
        for (var i = 0; i < 5; i++)
        {
            table.Release(table.Track(Client, httpRequest: true));
        }

        var batch = new SharedStickBatch();
        Assert.Equal(1, table.CollectShared(batch, TimeSpan.FromSeconds(10), 100));
        var deltas = batch.Deltas(0).ToArray();
        var period = deltas[0];
        Assert.Equal([5L, 0L], deltas[1..3]);     // the rate: 5 in the current period
        Assert.Equal([0L, 5L, 0L], deltas[3..6]); // the counter: 5

        // The cluster answers: the other nodes counted 7 in this period and 4 in the one before, 30 requests in all.
        batch.Totals(0)[0] = period;
        batch.Totals(0)[1] = 12;
        batch.Totals(0)[2] = 4;
        batch.Totals(0)[4] = 35;
        table.ApplyShared(batch, 1);

        Assert.Equal(35, table.Lookup(Client, StickDataType.HttpReqCnt));
        var rate = table.Lookup(Client, StickDataType.HttpReqRate)!.Value;
        Assert.InRange(rate, 12, 16); // 12 now, plus what is left of the 4 before
        Assert.Equal(0, table.Lookup(Client, StickDataType.ConnCur));

        // One more request: only it is pushed next time.
        table.Release(table.Track(Client, httpRequest: true));
        table.CollectShared(batch, TimeSpan.FromSeconds(10), 100);
        Assert.Equal([period, 1L, 0L, 0L, 1L, 0L], batch.Deltas(0).ToArray());
        Assert.Equal(36, table.Lookup(Client, StickDataType.HttpReqCnt));

        // A failed push (never applied) leaves it to the next round.
        table.CollectShared(batch, TimeSpan.FromSeconds(10), 100);
        Assert.Equal(1, batch.Deltas(0)[4]);
    }

    [Fact]
    public void Round_AcrossAPeriodBoundary_PushesTheRestOfThePreviousPeriod_AndTheOthersAge()
    {
        var table = new StickTable(Schema(Config()), _clock);
        table.Release(table.Track(Client, httpRequest: true));
        var batch = new SharedStickBatch();
        table.CollectShared(batch, TimeSpan.FromSeconds(10), 100);
        var period = batch.Deltas(0)[0];
        batch.Totals(0)[0] = period;
        batch.Totals(0)[1] = 10; // 9 from the others
        table.ApplyShared(batch, 1);

        // Two more in this period, then one in the next: the round pushes 2 for the old period and 1 for the new.
        table.Release(table.Track(Client, httpRequest: true));
        table.Release(table.Track(Client, httpRequest: true));
        _clock.Advance(Period);
        table.Release(table.Track(Client, httpRequest: true));
        table.CollectShared(batch, TimeSpan.FromSeconds(10), 100);
        Assert.Equal([period + 1, 1L, 2L], batch.Deltas(0)[..3].ToArray());

        // Not applied yet: the others' 9 are now the previous period, weighted by what is left of this one.
        Assert.InRange(table.Lookup(Client, StickDataType.HttpReqRate)!.Value, 1, 13);

        // Two periods later nothing of the past counts, the others' included.
        _clock.Advance(2 * Period);
        Assert.Equal(0, table.Lookup(Client, StickDataType.HttpReqRate));
    }

    [Fact]
    public void Apply_ToAnEntryResetSinceItWasCollected_KeepsItsNewCountsUnpushed()
    {
        var table = new StickTable(Schema(Config()), _clock);
        table.Release(table.Track(Client, httpRequest: true));
        table.Release(table.Track(Client, httpRequest: true));
        var batch = new SharedStickBatch();
        table.CollectShared(batch, TimeSpan.FromSeconds(10), 100);

        Assert.True(table.Remove(Client));
        table.Release(table.Track(Client, httpRequest: true));
        batch.Totals(0)[0] = batch.Deltas(0)[0];
        batch.Totals(0)[1] = 2;
        batch.Totals(0)[4] = 2;
        table.ApplyShared(batch, 1);

        // The 2 pushed before the reset stay in the cluster's count (as others' now); the new one is still to push.
        Assert.Equal(3, table.Lookup(Client, StickDataType.HttpReqCnt));
        table.CollectShared(batch, TimeSpan.FromSeconds(10), 100);
        Assert.Equal(1, batch.Deltas(0)[4]);
    }

    [Fact]
    public void Collect_TakesOnlyEntriesUpdatedWithinTheWindow_MostRecentFirst_UpToTheMax()
    {
        var table = new StickTable(Schema(Config()), _clock);
        table.Release(table.Track(StickKey.FromInteger(1), httpRequest: true));
        _clock.Advance(20_000);
        table.Release(table.Track(StickKey.FromInteger(2), httpRequest: true));
        table.Release(table.Track(StickKey.FromInteger(3), httpRequest: true));

        var batch = new SharedStickBatch();
        Assert.Equal(2, table.CollectShared(batch, TimeSpan.FromSeconds(10), 100));
        Assert.Equal(1, table.CollectShared(batch, TimeSpan.FromSeconds(10), 1));
        Assert.Equal(StickKey.FromInteger(3), batch.Key(0));
        Assert.Equal(0, new StickTable(Schema(Config() with { Shared = false }), _clock).CollectShared(batch, TimeSpan.FromSeconds(10), 100));
    }
}
