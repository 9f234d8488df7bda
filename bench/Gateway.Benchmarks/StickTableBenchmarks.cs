using System.Net;
using BenchmarkDotNet.Attributes;
using Gateway.Core.Configuration;
using Gateway.Core.StickTables;

namespace Gateway.Benchmarks;

/// <summary>
/// Stick-table updates on one thread, as <c>track-sc0 src table t</c> does them for an HTTP request
/// (the key made from the client's address, conn_cur/conn_cnt and http_req_rate counted, then the
/// tracking released at the end of the request), with every key already in the table: the steady
/// state of a busy gateway. Keys are visited in a shuffled order so the table's memory is touched
/// as real traffic touches it.
/// </summary>
[MemoryDiagnoser]
public class StickTableBenchmarks
{
    private const int Batch = 1024;

    private StickTable _table = null!;
    private IPAddress[] _clients = null!;
    private int _next;

    [Params(10_000, 100_000, 1_000_000)]
    public int Keys { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _table = new StickTable(CreateSchema(Keys), TimeProvider.System);
        _clients = Clients(Keys);
        foreach (var client in _clients)
        {
            _table.Release(_table.Track(StickKey.FromAddress(client), httpRequest: true));
        }
    }

    /// <summary>One update per key of a batch: track (find the entry, count), then release.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void TrackAndRelease()
    {
        var clients = _clients;
        var next = _next;
        for (var i = 0; i < Batch; i++)
        {
            var slot = _table.Track(StickKey.FromAddress(clients[next]), httpRequest: true);
            _table.Release(slot);
            next = next + 1 == clients.Length ? 0 : next + 1;
        }

        _next = next;
    }

    internal static StickTableSchema CreateSchema(int size) =>
        StickTableSchema.TryCreate(new StickTableConfig { Id = "per_ip", Type = StickKeyType.Address, Size = size, Expire = TimeSpan.FromMinutes(1), Store = ["http_req_rate(10s)", "conn_cur", "conn_cnt"] }, [])!;

    /// <summary>Distinct IPv4 addresses from 10.0.0.0/8, in a fixed shuffled order.</summary>
    internal static IPAddress[] Clients(int count)
    {
        var clients = new IPAddress[count];
        for (var i = 0; i < count; i++)
        {
            clients[i] = new IPAddress(new byte[] { 10, (byte)(i >> 16), (byte)(i >> 8), (byte)i });
        }

        new Random(17).Shuffle(clients);
        return clients;
    }

    /// <summary>
    /// Updates per second of CPU time (the process's, with one thread working), for a machine whose
    /// cores are shared with other work, where wall-clock timings mostly measure the neighbours:
    /// <c>dotnet run -c Release --project bench/Gateway.Benchmarks -- sticks-rate</c>.
    /// </summary>
    public static int PrintUpdatesPerCpuSecond()
    {
        foreach (var size in new[] { 10_000, 100_000, 1_000_000 })
        {
            var benchmark = new StickTableBenchmarks { Keys = size };
            benchmark.Setup();
            for (var i = 0; i < 2_000; i++)
            {
                benchmark.TrackAndRelease(); // warm up: tiered compilation reaches its optimized code
            }

            var rounds = 4_000;
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
            var wall = System.Diagnostics.Stopwatch.StartNew();
            for (var i = 0; i < rounds; i++)
            {
                benchmark.TrackAndRelease();
            }

            var cpuSeconds = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            var updates = (double)rounds * Batch;
            Console.WriteLine($"{size,9:N0} keys: {updates / cpuSeconds,12:N0} updates per CPU second, {updates / wall.Elapsed.TotalSeconds,12:N0} per wall second, {(GC.GetAllocatedBytesForCurrentThread() - allocated) / updates:F2} B allocated per update");
        }

        return 0;
    }

    /// <summary>
    /// Bytes a table holds per entry (arrays, index and keys, after a full GC), printed for each size:
    /// <c>dotnet run -c Release --project bench/Gateway.Benchmarks -- sticks-memory</c>.
    /// </summary>
    public static int PrintMemoryPerEntry()
    {
        foreach (var size in new[] { 10_000, 100_000, 1_000_000 })
        {
            var clients = Clients(size);
            var keys = clients.Select(StickKey.FromAddress).ToArray();
            var before = GC.GetTotalMemory(forceFullCollection: true);
            var table = new StickTable(CreateSchema(size), TimeProvider.System);
            foreach (var key in keys)
            {
                table.Release(table.Track(key, httpRequest: true));
            }

            var after = GC.GetTotalMemory(forceFullCollection: true);
            Console.WriteLine($"{size,9:N0} entries (http_req_rate(10s), conn_cur, conn_cnt; ip keys): {(after - before) / (double)size:F1} bytes per entry");
            GC.KeepAlive(table);
        }

        return 0;
    }
}
