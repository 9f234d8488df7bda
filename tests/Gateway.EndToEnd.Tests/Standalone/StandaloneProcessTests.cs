using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.Tests.Common;

namespace Gateway.EndToEnd.Tests.Standalone;

public class StandaloneProcessTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task InvalidAppsettings_ExitsWithCode2_PrintingEveryErrorWithoutStackTrace()
    {
        using var root = new TempDirectory();
        await File.WriteAllTextAsync(root.File("appsettings.json"), """
            {
              "Gateway": {
                "Admin": { "Url": "http://127.0.0.1:0" },
                "Listeners": { "web": { "Address": "localhost" } },
                "Routes": {
                  "api": { "Path": "/api/{**rest}", "Cluster": "apii" },
                  "typo": { "Path": "/", "Clustr": "api" }
                },
                "Clusters": { "api": { "LoadBalancing": "fastest", "Servers": { "s1": { "Address": "10.0.0.1:80" } } } }
              }
            }
            """);
        using var gateway = GatewayProcess.Start(root.Path);

        var exitCode = await gateway.WaitForExitAsync(Limit);

        Assert.Equal(2, exitCode);
        Assert.Contains("routes[typo].clustr: Unknown setting 'Clustr'", gateway.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", gateway.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Gateway is running", gateway.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(root.File("data/gateway.db")), "nothing is created for a configuration that cannot start");
    }

    [Fact]
    public async Task InvalidDocument_ExitsWithCode2_ListingEveryValidationError()
    {
        using var root = new TempDirectory();
        await File.WriteAllTextAsync(root.File("appsettings.json"), """
            {
              "Gateway": {
                "Admin": { "Url": "http://127.0.0.1:0" },
                "Listeners": { "web": { "Address": "localhost" } },
                "Routes": { "api": { "Path": "/api/{**rest}", "Cluster": "apii" } },
                "Clusters": { "api": { "LoadBalancing": "fastest", "Servers": { "s1": { "Address": "10.0.0.1:80" } } } }
              }
            }
            """);
        using var gateway = GatewayProcess.Start(root.Path);

        var exitCode = await gateway.WaitForExitAsync(Limit);

        Assert.Equal(2, exitCode);
        Assert.Contains("(4 errors)", gateway.Error, StringComparison.Ordinal);
        Assert.Contains("listeners[web].address", gateway.Error, StringComparison.Ordinal);
        Assert.Contains("routes[api].cluster: Cluster 'apii' does not exist; create it or name one of: 'api'.", gateway.Error, StringComparison.Ordinal);
        Assert.Contains("clusters[api].loadBalancing", gateway.Error, StringComparison.Ordinal);
        Assert.Contains("clusters[api].servers[s1].address", gateway.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", gateway.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidAppsettings_PrintsListenersAdminAndDatabase_HonouringEnvironmentOverrides()
    {
        using var root = new TempDirectory();
        await File.WriteAllTextAsync(root.File("appsettings.json"), """
            {
              "Gateway": {
                "Admin": { "Url": "http://127.0.0.1:9090" },
                "Listeners": { "web": { "Address": "127.0.0.1:0" } }
              }
            }
            """);
        var environment = new Dictionary<string, string>
        {
            ["Gateway__Admin__Url"] = "http://127.0.0.1:0",
            ["Gateway__Database__Path"] = "state/gw.db",
        };
        using var gateway = GatewayProcess.Start(root.Path, environment);

        await gateway.WaitForOutputAsync("Press Ctrl+C to stop.", Limit);

        Assert.Matches(@"listener web\s+http://127\.0\.0\.1:\d+/", gateway.Output);
        Assert.Matches(@"admin\s+http://127\.0\.0\.1:\d+/", gateway.Output);
        Assert.DoesNotContain(":9090", gateway.Output, StringComparison.Ordinal);
        Assert.Contains(root.File("state/gw.db"), gateway.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(root.File("state/gw.db")));
    }
}
