// Plain YARP baseline for bench/load/run.sh: every path -> one cluster -> one destination.
// Usage: PlainYarp --backend http://127.0.0.1:18180/ --port 18183
// Listens on 127.0.0.1 only, HTTP/1.1; logging off; HTTP/1.1 with keep-alive to the backend.
using System.Globalization;
using System.Net;
using System.Runtime;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

var backend = "http://127.0.0.1:18180/";
var port = 18183;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--backend":
            backend = args[i + 1];
            break;
        case "--port":
            port = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            break;
        default:
            await Console.Error.WriteLineAsync($"plain-yarp: unknown option '{args[i]}' (expected --backend URL, --port N)");
            return 2;
    }
}

if (args.Length % 2 != 0)
{
    await Console.Error.WriteLineAsync("plain-yarp: every option needs a value (--backend URL, --port N)");
    return 2;
}

// Command-line arguments are parsed above, so none are handed to the host's configuration.
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http1);
});

RouteConfig[] routes =
[
    new RouteConfig { RouteId = "all", ClusterId = "backend", Match = new RouteMatch { Path = "{**catch-all}" } },
];
ClusterConfig[] clusters =
[
    new ClusterConfig
    {
        ClusterId = "backend",
        Destinations = new Dictionary<string, DestinationConfig>(StringComparer.Ordinal)
        {
            ["d1"] = new DestinationConfig { Address = backend },
        },
        HttpRequest = new ForwarderRequestConfig
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        },
    },
];
builder.Services.AddReverseProxy().LoadFromMemory(routes, clusters);

var app = builder.Build();
app.MapReverseProxy();
Console.WriteLine(
    $"plain-yarp: listening on 127.0.0.1:{port}, backend {backend}, serverGC={GCSettings.IsServerGC}, " +
    $"cpus={Environment.ProcessorCount}");
await app.RunAsync();
return 0;
