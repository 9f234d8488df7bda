using BenchmarkDotNet.Attributes;
using Gateway.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;
using IConfigValidator = Yarp.ReverseProxy.Configuration.IConfigValidator;
using Gateway.Management;
using Gateway.Model;

namespace Gateway.Benchmarks;

/// <summary>
/// Cost of turning a document into a snapshot: our validation, mapping to YARP, and YARP's own
/// route and cluster validation. This is paid once per configuration change, not per request.
/// </summary>
[MemoryDiagnoser]
public class SnapshotCompileBenchmarks
{
    private GatewaySnapshotBuilder _builder = null!;
    private GatewayConfig _config = null!;

    [Params(10, 1_000, 10_000)]
    public int Routes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddReverseProxy();
        var provider = services.BuildServiceProvider();
        _builder = new GatewaySnapshotBuilder(provider.GetRequiredService<IConfigValidator>(), TimeProvider.System, new Gateway.Tls.TlsCertificateLoader(TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<Gateway.Tls.TlsCertificateLoader>.Instance));

        // One cluster per ten routes, two servers each; routes mix hosts, paths and methods.
        var clusters = Enumerable.Range(0, Math.Max(1, Routes / 10)).Select(c => new ClusterConfig
        {
            Id = $"cluster-{c}",
            Servers = [new() { Id = "a", Address = $"http://10.0.{c % 250}.1:8080/" }, new() { Id = "b", Address = $"http://10.0.{c % 250}.2:8080/" }],
        }).ToArray();
        _config = new GatewayConfig
        {
            Listeners = [new() { Id = "web", Address = "127.0.0.1:8080" }],
            Clusters = clusters,
            Routes = [.. Enumerable.Range(0, Routes).Select(r => new RouteConfig
            {
                Id = $"route-{r}",
                Hosts = r % 3 == 0 ? [$"svc{r}.example.com"] : [],
                Path = $"/api/v{r % 5}/resource{r}/{{**rest}}",
                Methods = r % 2 == 0 ? ["GET", "POST"] : [],
                Cluster = clusters[r % clusters.Length].Id,
            })],
        };
    }

    [Benchmark]
    public GatewaySnapshot Compile()
    {
        var pending = _builder.BuildAsync(_config, "bench");
        var result = pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
        return result.Snapshot ?? throw new InvalidOperationException(string.Join("; ", result.Errors));
    }
}
