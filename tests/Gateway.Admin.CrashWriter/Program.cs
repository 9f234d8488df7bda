// Usage: Gateway.Admin.CrashWriter <content root>
// Opens the config store in <content root>/data/gateway.db and commits forever, printing
// "ACK <revision>" once each commit has returned. The crash test kills it with SIGKILL.
using Gateway.Admin.Store;
using Gateway.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

var root = args.Length == 1 ? args[0] : throw new ArgumentException("usage: Gateway.Admin.CrashWriter <content root>");
var configuration = new ConfigurationBuilder().Build();
var services = new ServiceCollection();
services.AddLogging();
services.AddSingleton<IConfiguration>(configuration);
services.AddSingleton<IHostEnvironment>(new CrashEnvironment(root));
services.AddGateway().LoadFrom<ConfigStore>();
services.AddGatewayAdmin(configuration);
using var provider = services.BuildServiceProvider();
var store = provider.GetRequiredService<ConfigStore>();

var latest = store.Read();
var revision = latest.Revision;
for (var i = 0; ; i++)
{
    // Alternate shapes of change, so a kill can land in the middle of any of them.
    var document = store.Read().Document;
    var cluster = new ClusterConfig { Id = $"c{i % 7}", Servers = [new() { Id = "s", Address = $"http://10.0.0.{i % 250}:8080/" }] };
    var route = new RouteConfig { Id = $"r{i % 11}", Cluster = cluster.Id, Path = $"/p{i}/{{**rest}}", Rules = $"http-request set-header X-Step {i}\nhttp-response del-header Server" };
    var map = new MapConfig { Id = $"m{i % 5}", Entries = [new($"k{i}", "first"), new("shared", $"{i}")] };
    var operations = new List<ConfigOperation>();
    operations.Add(document.Clusters.Any(c => c.Id == cluster.Id) ? ConfigOperation.Update(cluster) : ConfigOperation.Create(cluster));
    var existing = document.Routes.FirstOrDefault(r => r.Id == route.Id);
    operations.Add(existing is null ? ConfigOperation.Create(route) : ConfigOperation.Update(route));
    operations.Add(document.Maps.Any(m => m.Id == map.Id) ? ConfigOperation.Update(map) : ConfigOperation.Create(map));
    var result = await store.CommitAsync(revision, operations, "crash-writer", $"step {i}");
    if (!result.Succeeded)
    {
        Console.Error.WriteLine($"commit failed: {result.Status} {string.Join("; ", result.Errors)}");
        return 1;
    }

    revision = result.Revision;
    Console.Out.WriteLine($"ACK {revision}");
    Console.Out.Flush();
}

internal sealed class CrashEnvironment(string contentRoot) : IHostEnvironment
{
    public string EnvironmentName { get; set; } = "CrashTest";

    public string ApplicationName { get; set; } = "Gateway.Admin.CrashWriter";

    public string ContentRootPath { get; set; } = contentRoot;

    public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
}
