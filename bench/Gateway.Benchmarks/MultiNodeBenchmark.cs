using System.Diagnostics;
using System.Globalization;
using Gateway.Admin.Hosting;
using Gateway.Admin.Store;
using Gateway.Core.Configuration;
using Gateway.Model;
using Gateway.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Benchmarks;

/// <summary>
/// Three standalone hosts (nodes) on one throwaway PostgreSQL cluster: the time from a commit acknowledged on node A
/// to its snapshot in force on node B, over a fixed number of single-route commits; then commits per second when all
/// three nodes commit at once (each retrying its conflicts on the latest revision) against node A committing alone.
/// Usage: dotnet run -c Release --project bench/Gateway.Benchmarks -- nodes [commits]
/// </summary>
internal static class MultiNodeBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var commits = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        await using var postgres = await PostgresServer.StartAsync();
        var database = await postgres.CreateDatabaseAsync();
        var roots = new List<string>();
        var nodes = new List<WebApplication>();
        try
        {
            foreach (var name in new[] { "a", "b", "c" })
            {
                var root = Directory.CreateTempSubdirectory("gateway-nodes-bench-").FullName;
                roots.Add(root);
                await File.WriteAllTextAsync(Path.Combine(root, "appsettings.json"), """
                    { "Logging": { "LogLevel": { "Default": "Warning" } },
                      "Gateway": { "Admin": { "Url": "http://127.0.0.1:0" }, "Listeners": { "web": { "Address": "127.0.0.1:0" } } } }
                    """);
                nodes.Add(await StandaloneHost.StartAsync(
                    ["--Gateway:Database:Provider=postgres", $"--Gateway:Database:ConnectionString={database}", $"--Gateway:Node:Name={name}"], root));
            }

            var stores = nodes.Select(n => n.Services.GetRequiredService<ConfigStore>()).ToArray();
            var onB = nodes[1].Services.GetRequiredService<IGatewaySnapshotAccessor>();
            var routes = Enumerable.Range(0, 10).Select(i => new RouteConfig { Id = $"r{i}", Cluster = "c", Path = $"/r{i}/{{**rest}}" }).ToArray();
            var document = stores[0].Read().Document with { Routes = routes, Clusters = [new() { Id = "c", Servers = [new() { Id = "s", Address = "http://127.0.0.1:9/" }] }] };
            var revision = (await stores[0].CommitAsync(stores[0].Read().Revision, [ConfigOperation.Replace(document)], "bench", "set up")).Revision;

            // Commit on A, then wait (polling every 0.2 ms) until B serves it.
            var latencies = new List<double>(commits);
            for (var i = 0; i < commits; i++)
            {
                revision = (await stores[0].CommitAsync(revision, [ConfigOperation.Update(routes[i % routes.Length] with { Order = i })], "bench", "single")).Revision;
                var acknowledged = Stopwatch.GetTimestamp();
                var expected = $"revision {revision}";
                var deadline = DateTime.UtcNow.AddSeconds(10);
                while (onB.Current.Version != expected)
                {
                    if (DateTime.UtcNow > deadline)
                    {
                        throw new TimeoutException($"node b did not apply {expected} within 10 s");
                    }

                    Thread.Sleep(TimeSpan.FromTicks(2_000));
                }

                latencies.Add(Stopwatch.GetElapsedTime(acknowledged).TotalMilliseconds);
            }

            Console.WriteLine($"commit on A to live on B, {commits} commits: p50 {Percentile.Of(latencies, 50):0.0} ms, p99 {Percentile.Of(latencies, 99):0.0} ms, max {latencies.Max():0.0} ms");

            var perNode = Math.Max(50, commits / 5);
            var alone = await CommitLoopAsync([stores[0]], perNode, routes);
            var together = await CommitLoopAsync(stores, perNode, routes);
            Console.WriteLine($"commits/s, {perNode} commits per committing node: A alone {alone.Rate:0.0}/s; A, B and C at once {together.Rate:0.0}/s ({together.Conflicts} conflicts retried); ratio {together.Rate / alone.Rate:0.00}");
            return 0;
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.StopAsync();
                await node.DisposeAsync();
            }

            foreach (var root in roots)
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static async Task<(double Rate, int Conflicts)> CommitLoopAsync(IReadOnlyList<ConfigStore> stores, int perNode, RouteConfig[] routes)
    {
        var conflicts = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(stores.Select((store, n) => Task.Run(async () =>
        {
            for (var i = 0; i < perNode;)
            {
                var latest = store.Read().Revision;
                var result = await store.CommitAsync(latest, [ConfigOperation.Update(routes[n] with { Order = i })], $"node {n}", "load");
                if (result.Status == CommitStatus.Conflict)
                {
                    Interlocked.Increment(ref conflicts);
                    continue;
                }

                i++;
            }
        })));
        return (stores.Count * perNode / clock.Elapsed.TotalSeconds, conflicts);
    }
}
