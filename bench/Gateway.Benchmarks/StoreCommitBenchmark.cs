using System.Diagnostics;
using System.Globalization;
using Gateway.Admin.Hosting;
using Gateway.Admin.Store;
using Gateway.Core.Configuration;
using Gateway.Listeners;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Benchmarks;

/// <summary>
/// The store under write load, measured end to end on the standalone host: commits per second
/// for single-entity changes, and batches of route updates, each timed from the Commit call to
/// the first request that the proxy routes the new way. Bounded: a fixed number of commits.
/// Usage: dotnet run -c Release --project bench/Gateway.Benchmarks -- store [singles] [batches] [routesPerBatch]
/// </summary>
internal static class StoreCommitBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var singles = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
        var batches = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;
        const int WarmUpBatches = 5; // run first and not counted: JIT and first-use costs
        var routesPerBatch = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1000;

        var root = Directory.CreateTempSubdirectory("gateway-store-bench-").FullName;
        await using var a = await Backend.StartAsync("a");
        await using var b = await Backend.StartAsync("b");
        await File.WriteAllTextAsync(Path.Combine(root, "appsettings.json"), """
            { "Logging": { "LogLevel": { "Default": "Warning" } },
              "Gateway": { "Admin": { "Url": "http://127.0.0.1:0" }, "Listeners": { "web": { "Address": "127.0.0.1:0" } } } }
            """);
        await using var app = await StandaloneHost.StartAsync([], root);
        var store = app.Services.GetRequiredService<ConfigStore>();
        var listener = app.Services.GetRequiredService<IGatewayListeners>().GetUrl("web");
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });

        var routes = Enumerable.Range(0, routesPerBatch).Select(i => new RouteConfig { Id = $"r{i}", Cluster = "a", Path = $"/r{i}/{{**rest}}" }).ToArray();
        var document = store.Read().Document with
        {
            Routes = routes,
            Clusters = [Cluster("a", a.Url), Cluster("b", b.Url)],
        };
        var revision = Check(await store.CommitAsync(store.Read().Revision, [ConfigOperation.Replace(document)], "bench", "set up")).Revision;

        // Single-entity commits: one route's order changes each time.
        var singleTimes = new List<double>(singles);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < singles; i++)
        {
            var started = Stopwatch.GetTimestamp();
            revision = Check(await store.CommitAsync(revision, [ConfigOperation.Update(routes[i % routes.Length] with { Order = i })], "bench", "single")).Revision;
            singleTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var singleRate = singles / clock.Elapsed.TotalSeconds;

        // Batches: every route moves to the other cluster; live = the first request that reaches it.
        var batchTimes = new List<double>(batches);
        var liveTimes = new List<double>(batches);
        for (var i = -WarmUpBatches; i < batches; i++)
        {
            if (i == 0)
            {
                batchTimes.Clear();
                liveTimes.Clear();
                clock.Restart();
            }

            var target = (i + WarmUpBatches) % 2 == 0 ? "b" : "a";
            var probe = new Uri(listener, $"/r{(i + WarmUpBatches) % routesPerBatch}/probe");
            var started = Stopwatch.GetTimestamp();
            revision = Check(await store.CommitAsync(revision, [.. routes.Select(r => ConfigOperation.Update(r with { Cluster = target }))], "bench", "batch")).Revision;
            batchTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            using var response = await client.GetAsync(probe);
            var served = response.Headers.TryGetValues("X-Backend", out var values) ? values.Single() : "?";
            if (served != target)
            {
                throw new InvalidOperationException($"Batch {i}: the commit returned but {probe} was served by '{served}', not '{target}'.");
            }

            liveTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var routeRate = (double)batches * routesPerBatch / clock.Elapsed.TotalSeconds;
        Console.WriteLine($"store benchmark: {Environment.ProcessorCount} CPUs, .NET {Environment.Version}, database {Path.Combine(root, "data", "gateway.db")}");
        Console.WriteLine($"single-entity commits: {singles} in a row, {singleRate:F0} commits/s; commit p50 {Percentile.Of(singleTimes, 50):F2} ms, p99 {Percentile.Of(singleTimes, 99):F2} ms");
        Console.WriteLine($"batches of {routesPerBatch} route updates: {batches} in a row after {WarmUpBatches} warm-up batches, {routeRate:F0} route updates/s; commit p50 {Percentile.Of(batchTimes, 50):F1} ms, p99 {Percentile.Of(batchTimes, 99):F1} ms");
        Console.WriteLine($"commit call to new route serving traffic: p50 {Percentile.Of(liveTimes, 50):F1} ms, p99 {Percentile.Of(liveTimes, 99):F1} ms, max {liveTimes.Max():F1} ms");
        await app.StopAsync();
        Directory.Delete(root, recursive: true);
        return 0;
    }

    private static ClusterConfig Cluster(string id, string url) => new() { Id = id, Servers = [new() { Id = "s", Address = url }] };

    private static CommitResult Check(CommitResult result) =>
        result.Succeeded ? result : throw new InvalidOperationException($"{result.Status}: {string.Join("; ", result.Errors)}");
}
