using Gateway.AccessLog;
using Gateway.SharedTables;
using Microsoft.Extensions.Options;

// The proxy alone, as samples/EmbeddedHost runs it but without the app's own endpoint, on the AOT-friendly slim builder.
// The document comes from appsettings.json (none is shipped: bench/profile/run.sh passes it on the command line) and the
// command line. Gateway:Runtime:Http1Core (default true, as in the standalone host) serves HTTP/1.1 with the gateway's
// own core on every listener that does not say otherwise.
var builder = WebApplication.CreateSlimBuilder(args);

// Read by hand, not through ConfigurationBinder, so this project adds no reflection of its own.
var http1Core = !bool.TryParse(builder.Configuration["Gateway:Runtime:Http1Core"], out var core) || core;
builder.Services.AddGateway(options => options.Http1CoreByDefault = http1Core);

var app = builder.Build();
app.MapGateway();

if (Environment.GetEnvironmentVariable("AOTPROXY_DIAG") == "1")
{
    // What the GC was configured with (gen0 budget, heap limit): which settings a NativeAOT image honours.
    foreach (var (name, value) in GC.GetConfigurationVariables())
    {
        Console.Error.WriteLine($"gc {name}={value}");
    }

    var accessLog = app.Services.GetRequiredService<IOptions<AccessLogOptions>>().Value;
    var redis = app.Services.GetRequiredService<IOptions<SharedTablesOptions>>().Value;
    Console.Error.WriteLine($"options Gateway:AccessLog:Format={accessLog.Format} Listeners={accessLog.Listeners.Count} " +
        $"SampleRate={accessLog.SampleRate}; Gateway:Redis:SyncInterval={redis.SyncInterval}");
}

await app.RunAsync();
