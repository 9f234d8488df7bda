using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Admin.Hosting;
using Gateway.Admin.Store;
using Gateway.Listeners;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gateway.Benchmarks;

/// <summary>
/// Batches of route updates through the admin API, end to end on the standalone host: each batch is
/// one <c>POST /api/v1/batch</c> over real HTTP (JSON, bearer token, If-Match) whose answer means
/// committed and live; "live" is then confirmed by the first proxied request that reaches the new
/// cluster. Bounded: a fixed number of batches.
/// Usage: dotnet run -c Release --project bench/Gateway.Benchmarks -- api [batches] [routesPerBatch]
/// </summary>
internal static class ApiBatchBenchmark
{
    private const string Token = "gw_benchmark-token-0123456789abcdefghijklmnop";

    public static async Task<int> RunAsync(string[] args)
    {
        var batches = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50;
        var routesPerBatch = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
        const int WarmUpBatches = 5; // run first and not counted: JIT and first-use costs

        var root = Directory.CreateTempSubdirectory("gateway-api-bench-").FullName;
        await using var a = await Backend.StartAsync("a");
        await using var b = await Backend.StartAsync("b");
        await File.WriteAllTextAsync(Path.Combine(root, "appsettings.json"), """
            { "Logging": { "LogLevel": { "Default": "Warning" } },
              "Gateway": { "Admin": { "Url": "http://127.0.0.1:0" }, "Listeners": { "web": { "Address": "127.0.0.1:0" } } } }
            """);
        await using var app = await StandaloneHost.StartAsync([$"--Gateway:Admin:BootstrapToken={Token}"], root);
        var store = app.Services.GetRequiredService<ConfigStore>();
        var listener = app.Services.GetRequiredService<IGatewayListeners>().GetUrl("web");
        var adminUrl = new Uri(app.Services.GetRequiredService<IOptions<Gateway.Model.GatewayOptions>>().Value.AdminUrl!);
        using var proxy = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var api = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(adminUrl, "/api/v1/") };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);

        // Set up through the API too: the document with every route on cluster a, imported as one revision.
        var document = new JsonObject
        {
            ["listeners"] = new JsonArray(new JsonObject { ["id"] = "web", ["address"] = "127.0.0.1:0" }),
            ["routes"] = new JsonArray([.. Enumerable.Range(0, routesPerBatch).Select(i => (JsonNode)new JsonObject { ["id"] = $"r{i}", ["cluster"] = "a", ["path"] = $"/r{i}/{{**rest}}" })]),
            ["clusters"] = new JsonArray(Cluster("a", a.Url), Cluster("b", b.Url)),
        };
        var revision = await SendAsync(api, HttpMethod.Put, "config", document.ToJsonString(), store.Read().Revision);

        var commitTimes = new List<double>(batches);
        var liveTimes = new List<double>(batches);
        var bytes = 0;
        var clock = Stopwatch.StartNew();
        for (var i = -WarmUpBatches; i < batches; i++)
        {
            if (i == 0)
            {
                commitTimes.Clear();
                liveTimes.Clear();
                clock.Restart();
            }

            var target = (i + WarmUpBatches) % 2 == 0 ? "b" : "a";
            var body = Batch(routesPerBatch, target);
            bytes = Encoding.UTF8.GetByteCount(body);
            var probe = new Uri(listener, $"/r{(i + WarmUpBatches) % routesPerBatch}/probe");
            var started = Stopwatch.GetTimestamp();
            revision = await SendAsync(api, HttpMethod.Post, "batch", body, revision);
            commitTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            using var response = await proxy.GetAsync(probe);
            var served = response.Headers.TryGetValues("X-Backend", out var values) ? values.Single() : "?";
            if (served != target)
            {
                throw new InvalidOperationException($"Batch {i}: the API answered but {probe} was served by '{served}', not '{target}'.");
            }

            liveTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var routeRate = (double)batches * routesPerBatch / clock.Elapsed.TotalSeconds;
        Console.WriteLine($"api benchmark: {Environment.ProcessorCount} CPUs, .NET {Environment.Version}, database {Path.Combine(root, "data", "gateway.db")}");
        Console.WriteLine($"POST /api/v1/batch of {routesPerBatch} route patches ({bytes / 1024} KiB): {batches} in a row after {WarmUpBatches} warm-up batches, {routeRate:F0} route updates/s");
        Console.WriteLine($"request sent to 200 (committed and live): p50 {Percentile.Of(commitTimes, 50):F1} ms, p99 {Percentile.Of(commitTimes, 99):F1} ms, max {commitTimes.Max():F1} ms");
        Console.WriteLine($"request sent to the first proxied request served by the new cluster: p50 {Percentile.Of(liveTimes, 50):F1} ms, p99 {Percentile.Of(liveTimes, 99):F1} ms, max {liveTimes.Max():F1} ms");
        await app.StopAsync();
        Directory.Delete(root, recursive: true);
        return 0;
    }

    private static JsonObject Cluster(string id, string url) =>
        new() { ["id"] = id, ["servers"] = new JsonArray(new JsonObject { ["id"] = "s", ["address"] = url }) };

    private static string Batch(int routes, string cluster)
    {
        var json = new StringBuilder("{\"message\":\"move every route\",\"operations\":[");
        for (var i = 0; i < routes; i++)
        {
            json.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $"{{\"op\":\"patch\",\"collection\":\"routes\",\"id\":\"r{i}\",\"value\":{{\"cluster\":\"{cluster}\"}}}}");
        }

        return json.Append("]}").ToString();
    }

    /// <summary>Sends a write based on <paramref name="revision"/>; returns the revision it made.</summary>
    private static async Task<long> SendAsync(HttpClient api, HttpMethod method, string path, string json, long revision)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{revision}\""));
        using var response = await api.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
        }

        return JsonNode.Parse(text)!["revision"]!.GetValue<long>();
    }
}
