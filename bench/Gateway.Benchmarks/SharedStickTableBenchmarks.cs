using System.Diagnostics;
using System.Net;
using BenchmarkDotNet.Attributes;
using Gateway.Core.Configuration;
using Gateway.Core.StickTables;

namespace Gateway.Benchmarks;

/// <summary>
/// The request path of a shared stick table against a local one (issue 21): what <c>track-sc0 src table t</c> and
/// <c>deny if { sc_http_req_rate(0) gt N }</c> do per request (track, read the rate, release), on the same keys,
/// every key already in the table. A shared table's request path only adds the other nodes' counts on read; the sync
/// round (<see cref="StickTable.CollectShared"/>) is measured apart, per entry.
/// </summary>
[MemoryDiagnoser]
public class SharedStickTableBenchmarks
{
    private const int Batch = 1024;

    private StickTable _table = null!;
    private StickKey[] _keys = null!;
    private int _next;

    [Params(false, true)]
    public bool Shared { get; set; }

    [Params(10_000, 100_000)]
    public int Keys { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _table = new StickTable(Schema(Keys, Shared), TimeProvider.System);
        _keys = [.. StickTableBenchmarks.Clients(Keys).Select(StickKey.FromAddress)];
        foreach (var key in _keys)
        {
            var tracking = new StickTracking();
            tracking.Track(0, _table, key, httpRequest: true);
            tracking.Release();
        }
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public long TrackReadRelease()
    {
        var keys = _keys;
        var next = _next;
        long sum = 0;
        for (var i = 0; i < Batch; i++)
        {
            var tracking = new StickTracking();
            tracking.Track(0, _table, keys[next], httpRequest: true);
            sum += tracking.Read(0, StickDataType.HttpReqRate) ?? 0;
            tracking.Release();
            next = next + 1 == keys.Length ? 0 : next + 1;
        }

        _next = next;
        return sum;
    }

    internal static StickTableSchema Schema(int size, bool shared) =>
        StickTableSchema.TryCreate(new StickTableConfig { Id = "per_ip", Size = size, Expire = TimeSpan.FromMinutes(1), Store = ["http_req_rate(10s)", "http_req_cnt", "conn_cur"], Shared = shared }, [])!;

    /// <summary>
    /// CPU time per request of a local and a shared table, alternating in one run (rounds of 4M requests each, 10,000
    /// keys, one thread), and what a sync round costs per entry collected:
    /// <c>dotnet run -c Release --project bench/Gateway.Benchmarks -- sticks-shared</c>.
    /// </summary>
    public static int PrintSharedCost(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5;
        var local = new SharedStickTableBenchmarks { Shared = false, Keys = 10_000 };
        var shared = new SharedStickTableBenchmarks { Shared = true, Keys = 10_000 };
        local.Setup();
        shared.Setup();
        for (var i = 0; i < 2_000; i++)
        {
            local.TrackReadRelease(); // warm up: tiered compilation reaches its optimized code
            shared.TrackReadRelease();
        }

        var ratios = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            var first = round % 2 == 1 ? local : shared;
            var second = ReferenceEquals(first, local) ? shared : local;
            var a = CpuNsPerRequest(first);
            var b = CpuNsPerRequest(second);
            var (localNs, sharedNs) = ReferenceEquals(first, local) ? (a.Ns, b.Ns) : (b.Ns, a.Ns);
            var allocated = ReferenceEquals(first, shared) ? a.Bytes : b.Bytes;
            ratios.Add(sharedNs / localNs);
            Console.WriteLine($"round {round}: local {localNs,6:F1} ns, shared {sharedNs,6:F1} ns CPU per request; shared / local {sharedNs / localNs:F3}; shared allocates {allocated:F2} B per request");
        }

        ratios.Sort();
        Console.WriteLine($"median shared / local: {ratios[ratios.Count / 2]:F3} over {rounds} rounds");

        // A sync round's work on the table: collect the 4096 most recent entries (what a round takes at most).
        var batch = new SharedStickBatch();
        var watch = Stopwatch.StartNew();
        var collected = 0L;
        for (var i = 0; i < 200; i++)
        {
            collected += shared._table.CollectShared(batch, TimeSpan.FromMinutes(1), 4096);
        }

        Console.WriteLine($"collect: {watch.Elapsed.TotalMilliseconds * 1e6 / collected:F1} ns per entry ({collected / 200} entries a round, lock held throughout)");
        return 0;
    }

    private static (double Ns, double Bytes) CpuNsPerRequest(SharedStickTableBenchmarks benchmark)
    {
        const int Invocations = 4_000;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < Invocations; i++)
        {
            benchmark.TrackReadRelease();
        }

        var requests = (double)Invocations * Batch;
        var ns = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds * 1e6 / requests;
        return (ns, (GC.GetAllocatedBytesForCurrentThread() - allocated) / requests);
    }
}
