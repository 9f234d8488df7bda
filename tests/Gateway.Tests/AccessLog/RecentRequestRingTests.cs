using Gateway.AccessLog;

namespace Gateway.Tests.AccessLog;

public class RecentRequestRingTests
{
    /// <summary>Request <paramref name="n"/>, each field derived from n, so a reader can tell one request's fields from a mix of two.</summary>
    private static RequestOutcome Request(int n) => new($"listener{n}", $"127.0.0.{n % 250}:{n}", $"revision {n}")
    {
        AcceptedAt = DateTimeOffset.UnixEpoch.AddMilliseconds(n),
        Method = $"M{n}",
        Target = $"/{n}",
        Status = 100 + (n % 500),
        Elapsed = TimeSpan.FromMilliseconds(n),
        Route = $"route{n}",
        Cluster = $"cluster{n}",
        Server = $"server{n}",
        Termination = $"T{n}",
    };

    /// <summary>Whether every field of <paramref name="entry"/> is request n's, n read from its target.</summary>
    private static bool IsOneRequest(RecentRequest entry)
    {
        var n = int.Parse(entry.Target.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
        var expected = Request(n);
        return entry == new RecentRequest(expected.AcceptedAt, expected.Client, expected.Listener, expected.Method, expected.Target, expected.Status,
            expected.Route, expected.Cluster, expected.Server, expected.Ta, expected.Termination, expected.Revision);
    }

    [Fact]
    public void Latest_KeepsTheLast500_NewestFirst_WithEveryField()
    {
        var ring = new RecentRequestRing();
        for (var i = 0; i < 750; i++)
        {
            var request = Request(i);
            ring.Add(in request);
        }

        var latest = ring.Latest();
        Assert.Equal(RecentRequestRing.Capacity, latest.Count);
        Assert.Equal("/749", latest[0].Target);
        Assert.Equal("/250", latest[^1].Target);
        Assert.All(latest, entry => Assert.True(IsOneRequest(entry), $"{entry} mixes two requests"));
        Assert.Equal(new RecentRequest(DateTimeOffset.UnixEpoch.AddMilliseconds(749), "127.0.0.249:749", "listener749", "M749", "/749", 349,
            "route749", "cluster749", "server749", 749, "T749", "revision 749"), latest[0]);
    }

    [Fact]
    public void Latest_BeforeTheRingIsFull_ListsOnlyWhatWasWritten()
    {
        var ring = new RecentRequestRing();
        Assert.Empty(ring.Latest());
        var (first, second) = (Request(1), Request(2));
        ring.Add(in first);
        ring.Add(in second);

        Assert.Equal(["/2", "/1"], ring.Latest().Select(r => r.Target));
    }

    [Fact]
    public async Task Latest_WhileWritersOverwriteSlots_NeverReturnsAnEntryMixingTwoRequests()
    {
        // More writers than cores, so that writers are preempted in the middle of a slot and readers meet half-written ones.
        // Each on its own thread: in a full test run the thread pool may be busy with other tests for seconds.
        var ring = new RecentRequestRing();
        var requests = Enumerable.Range(0, 1_000).Select(Request).ToArray();
        using var stop = new CancellationTokenSource();
        using var ringFull = new ManualResetEventSlim();
        var writers = Enumerable.Range(0, Environment.ProcessorCount + 2).Select(w => Task.Factory.StartNew(() =>
        {
            for (var i = 0; i < 20_000_000 && !stop.IsCancellationRequested; i++)
            {
                ring.Add(in requests[(w + i) % requests.Length]);
                if (i == RecentRequestRing.Capacity)
                {
                    ringFull.Set();
                }
            }
        }, TaskCreationOptions.LongRunning)).ToArray();

        // Read once a writer alone has filled the ring: from then on every read meets slots being overwritten. (Not
        // "until Latest() lists 500": under this flood a read may always leave out a slot it kept losing to writers.)
        Assert.True(ringFull.Wait(TimeSpan.FromSeconds(30)), "the writers never filled the ring");
        long entriesRead = 0;
        List<RecentRequest> torn = [];
        var reading = System.Diagnostics.Stopwatch.StartNew();
        for (var reads = 0; reads < 20_000 && reading.Elapsed < TimeSpan.FromSeconds(2); reads++)
        {
            foreach (var entry in ring.Latest())
            {
                entriesRead++;
                if (!IsOneRequest(entry))
                {
                    torn.Add(entry);
                }
            }
        }

        await stop.CancelAsync();
        await Task.WhenAll(writers);
        Assert.True(entriesRead > 0, "the reader read nothing");
        Assert.True(torn.Count == 0, $"{torn.Count} of {entriesRead} entries mixed two requests, e.g. {torn.FirstOrDefault()}");
    }
}
