using System.Net;
using Gateway.Core.Configuration;
using Gateway.Core.StickTables;

namespace Gateway.Core.Tests.StickTables;

public class StickTableTests
{
    private readonly StepClock _clock = new();

    internal static StickTableSchema Schema(int size = 100, TimeSpan? expire = null, StickKeyType type = StickKeyType.Address, params string[] store)
    {
        var errors = new List<(string, string)>();
        var schema = StickTableSchema.TryCreate(new StickTableConfig { Id = "t", Type = type, Size = size, Expire = expire, Store = store.Length == 0 ? ["http_req_rate(10s)", "http_req_cnt", "conn_cur", "conn_cnt"] : store }, errors);
        Assert.Empty(errors);
        return schema!;
    }

    private static StickKey Ip(string text) => StickKey.FromAddress(IPAddress.Parse(text));

    [Fact]
    public void Track_HttpRequest_CountsConnectionAndRequest()
    {
        var table = new StickTable(Schema(), _clock);
        var slot = table.Track(Ip("10.0.0.1"), httpRequest: true);
        Assert.Equal(1, table.Read(slot, StickDataType.ConnCur));
        Assert.Equal(1, table.Read(slot, StickDataType.ConnCnt));
        Assert.Equal(1, table.Read(slot, StickDataType.HttpReqCnt));
        Assert.Equal(1, table.Read(slot, StickDataType.HttpReqRate));
        Assert.Null(table.Read(slot, StickDataType.Gpc0));

        table.Release(slot);
        Assert.Equal(0, table.Lookup(Ip("10.0.0.1"), StickDataType.ConnCur));
        Assert.Equal(1, table.Lookup(Ip("10.0.0.1"), StickDataType.HttpReqCnt));
    }

    [Fact]
    public void Track_ConnectionOnly_LeavesRequestCountersAlone()
    {
        var table = new StickTable(Schema(), _clock);
        var slot = table.Track(Ip("10.0.0.1"), httpRequest: false);
        Assert.Equal(0, table.Read(slot, StickDataType.HttpReqCnt));
        table.Add(slot, StickDataType.HttpReqCnt, StickDataType.HttpReqRate, 1);
        Assert.Equal(1, table.Read(slot, StickDataType.HttpReqRate));
    }

    [Fact]
    public void Keys_Ipv4AndItsMappedIpv6Form_AreOneEntry()
    {
        var table = new StickTable(Schema(), _clock);
        table.Release(table.Track(Ip("192.0.2.7"), true));
        table.Release(table.Track(Ip("::ffff:192.0.2.7"), true));
        table.Release(table.Track(Ip("2001:db8::7"), true));
        Assert.Equal(2, table.Count);
        Assert.Equal(2, table.Lookup(Ip("192.0.2.7"), StickDataType.HttpReqCnt));
        Assert.Equal("192.0.2.7", table.Find(Ip("::ffff:192.0.2.7"))!.Key);
        Assert.Equal("2001:db8::7", table.Find(Ip("2001:db8::7"))!.Key);
    }

    [Fact]
    public void Rate_OverTheTablePeriod_DecaysAsFreqCtr()
    {
        var table = new StickTable(Schema(), _clock);
        for (var i = 0; i < 6; i++)
        {
            table.Release(table.Track(Ip("10.0.0.1"), true));
            _clock.Advance(1000);
        }

        Assert.Equal(6, table.Lookup(Ip("10.0.0.1"), StickDataType.HttpReqRate));
        _clock.Advance(9_000); // 15 s after the first: half of the previous period still counts
        Assert.Equal(3, table.Lookup(Ip("10.0.0.1"), StickDataType.HttpReqRate));
        _clock.Advance(5_000);
        Assert.Equal(0, table.Lookup(Ip("10.0.0.1"), StickDataType.HttpReqRate));
    }

    [Fact]
    public void Expiry_DropsEntriesNotUpdatedWithinIt_AndCountsThem()
    {
        var table = new StickTable(Schema(expire: TimeSpan.FromSeconds(60)), _clock);
        table.Release(table.Track(Ip("10.0.0.1"), true));
        _clock.Advance(30_000);
        table.Release(table.Track(Ip("10.0.0.2"), true));
        _clock.Advance(30_000);
        Assert.Equal(1, table.Count);
        Assert.Null(table.Find(Ip("10.0.0.1")));
        Assert.Equal(1, table.Expired);
        _clock.Advance(30_000);
        Assert.Equal(0, table.Count);
    }

    [Fact]
    public void Expiry_SparesTrackedEntries_AndAnExpiredKeyStartsAgain()
    {
        var table = new StickTable(Schema(expire: TimeSpan.FromSeconds(10)), _clock);
        var held = table.Track(Ip("10.0.0.1"), true);
        _clock.Advance(60_000);
        Assert.Equal(1, table.Count);
        table.Release(held);
        _clock.Advance(10_000);
        var again = table.Track(Ip("10.0.0.1"), true);
        Assert.Equal(1, table.Read(again, StickDataType.HttpReqCnt));
    }

    [Fact]
    public void Eviction_WhenFull_DropsTheLeastRecentlyUpdated_AndCountsIt()
    {
        var table = new StickTable(Schema(size: 3), _clock);
        foreach (var ip in new[] { "10.0.0.1", "10.0.0.2", "10.0.0.3" })
        {
            table.Release(table.Track(Ip(ip), true));
            _clock.Advance(1);
        }

        table.Release(table.Track(Ip("10.0.0.1"), true)); // .1 is now the most recent
        table.Release(table.Track(Ip("10.0.0.4"), true));
        Assert.Equal(3, table.Count);
        Assert.Equal(1, table.Evicted);
        Assert.Null(table.Find(Ip("10.0.0.2")));
        Assert.NotNull(table.Find(Ip("10.0.0.1")));
    }

    [Fact]
    public void Eviction_NeverDropsATrackedEntry_AndTrackingFailsWhenAllAreTracked()
    {
        var table = new StickTable(Schema(size: 2), _clock);
        var a = table.Track(Ip("10.0.0.1"), true);
        var b = table.Track(Ip("10.0.0.2"), true);
        Assert.Equal(-1, table.Track(Ip("10.0.0.3"), true));
        table.Release(a);
        Assert.NotEqual(-1, table.Track(Ip("10.0.0.3"), true));
        Assert.Null(table.Find(Ip("10.0.0.1")));
        Assert.Equal(1, table.Read(b, StickDataType.ConnCur));
    }

    [Fact]
    public void ClearAndRemove_EmptyTheTable_TrackedEntriesRestartTheirCounters()
    {
        var table = new StickTable(Schema(), _clock);
        table.Release(table.Track(Ip("10.0.0.1"), true));
        var held = table.Track(Ip("10.0.0.2"), true);
        Assert.True(table.Remove(Ip("10.0.0.1")));
        Assert.False(table.Remove(Ip("10.0.0.9")));
        Assert.Equal(1, table.Count);
        Assert.Equal(1, table.Clear());
        Assert.Equal(0, table.Read(held, StickDataType.HttpReqRate));
        Assert.Equal(1, table.Read(held, StickDataType.ConnCur));
        table.Release(held);
        Assert.Equal(0, table.Clear() - 1);
        Assert.Equal(0, table.Count);
    }

    [Fact]
    public void Top_ByACounter_ReturnsTheBusiestFirst()
    {
        var table = new StickTable(Schema(), _clock);
        for (var i = 1; i <= 5; i++)
        {
            for (var n = 0; n < i; n++)
            {
                table.Release(table.Track(Ip($"10.0.0.{i}"), true));
            }
        }

        var top = table.Top(StickDataType.HttpReqRate, 2);
        Assert.Equal(["10.0.0.5", "10.0.0.4"], top.Select(e => e.Key));
        Assert.Equal(5, top[0].Data.Single(d => d.Key == "http_req_rate(10s)").Value);
        Assert.Equal("10.0.0.5", table.Top(null, 1).Single().Key);
    }

    [Fact]
    public void Reconfigure_NewSizeAndExpiry_KeepsEntries()
    {
        var table = new StickTable(Schema(size: 10), _clock);
        table.Release(table.Track(Ip("10.0.0.1"), true));
        table.Reconfigure(Schema(size: 20, expire: TimeSpan.FromMinutes(1)));
        Assert.Equal(1, table.Lookup(Ip("10.0.0.1"), StickDataType.HttpReqCnt));
        Assert.Throws<InvalidOperationException>(() => table.Reconfigure(Schema(store: ["conn_cur"])));
    }

    [Fact]
    public void Track_ExistingKey_AllocatesNothing()
    {
        var table = new StickTable(Schema(size: 1000, expire: TimeSpan.FromMinutes(1)), _clock);
        var keys = Enumerable.Range(0, 500).Select(i => StickKey.FromInteger(i)).ToArray();
        foreach (var key in keys)
        {
            table.Release(table.Track(key, true));
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var round = 0; round < 4; round++)
        {
            foreach (var key in keys)
            {
                table.Release(table.Track(key, true));
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData("http_req_rate", "'http_req_rate' is a rate and needs its period")]
    [InlineData("http_req_rate(0)", "must be from 1ms to 24d")]
    [InlineData("http_req_rate(10x)", "'10x' is not a period")]
    [InlineData("conn_cur(10s)", "takes no period")]
    [InlineData("req_rate(10s)", "'req_rate' is not a stick-table data type")]
    public void Schema_BadStore_SaysWhy(string store, string message)
    {
        var errors = new List<(string Field, string Message)>();
        Assert.Null(StickTableSchema.TryCreate(new StickTableConfig { Id = "t", Store = [store] }, errors));
        Assert.Equal("store[0]", errors.Single().Field);
        Assert.Contains(message, errors.Single().Message, StringComparison.Ordinal);
    }
}
