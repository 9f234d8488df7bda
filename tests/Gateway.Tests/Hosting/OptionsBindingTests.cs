using Gateway.AccessLog;
using Gateway.SharedTables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gateway.Tests.Hosting;

/// <summary>
/// The options <c>AddGateway</c> binds from configuration (<c>Gateway:AccessLog</c>, <c>Gateway:Redis</c>) go through the
/// configuration binding source generator, whose code is what both the JIT and the NativeAOT builds run: every field is
/// read, the per-listener dictionary keeps its case-insensitive keys, and a value that does not parse is an error naming it.
/// </summary>
public sealed class OptionsBindingTests
{
    [Fact]
    public void AccessLogAndRedis_EveryField_IsBound()
    {
        using var services = Build(new Dictionary<string, string?>
        {
            ["Gateway:AccessLog:Format"] = "json",
            ["Gateway:AccessLog:Path"] = "/var/log/gateway/access.log",
            ["Gateway:AccessLog:MaxFileBytes"] = "5000000000",
            ["Gateway:AccessLog:MaxFiles"] = "9",
            ["Gateway:AccessLog:SampleRate"] = "0.25",
            ["Gateway:AccessLog:QueueCapacity"] = "123",
            ["Gateway:AccessLog:Listeners:Edge:Format"] = "text",
            ["Gateway:AccessLog:Listeners:Edge:SampleRate"] = "0.5",
            ["Gateway:AccessLog:Listeners:internal:Format"] = "off",
            ["Gateway:Redis:ConnectionString"] = "127.0.0.1:6390",
            ["Gateway:Redis:SyncInterval"] = "00:00:01.5",
            ["Gateway:Redis:ActiveWindow"] = "00:00:30",
            ["Gateway:Redis:MaxEntriesPerRound"] = "77",
            ["Gateway:Redis:KeyPrefix"] = "edge:",
            ["Gateway:Redis:DefaultKeyLifetime"] = "02:00:00",
        });

        var log = services.GetRequiredService<IOptions<AccessLogOptions>>().Value;
        Assert.Equal("json", log.Format);
        Assert.Equal("/var/log/gateway/access.log", log.Path);
        Assert.Equal(5_000_000_000L, log.MaxFileBytes);
        Assert.Equal(9, log.MaxFiles);
        Assert.Equal(0.25, log.SampleRate);
        Assert.Equal(123, log.QueueCapacity);
        Assert.Equal(2, log.Listeners.Count);
        Assert.Equal("text", log.Listeners["edge"].Format); // the dictionary's case-insensitive comparer is kept
        Assert.Equal(0.5, log.Listeners["EDGE"].SampleRate);
        Assert.Equal("off", log.Listeners["Internal"].Format);
        Assert.Null(log.Listeners["internal"].SampleRate);

        var redis = services.GetRequiredService<IOptions<SharedTablesOptions>>().Value;
        Assert.Equal("127.0.0.1:6390", redis.ConnectionString);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), redis.SyncInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), redis.ActiveWindow);
        Assert.Equal(77, redis.MaxEntriesPerRound);
        Assert.Equal("edge:", redis.KeyPrefix);
        Assert.Equal(TimeSpan.FromHours(2), redis.DefaultKeyLifetime);
    }

    [Fact]
    public void NothingConfigured_LeavesTheDefaults()
    {
        using var services = Build([]);
        var log = services.GetRequiredService<IOptions<AccessLogOptions>>().Value;
        var defaults = new AccessLogOptions();
        Assert.Equal(defaults.Format, log.Format);
        Assert.Equal(defaults.MaxFileBytes, log.MaxFileBytes);
        Assert.Empty(log.Listeners);
        Assert.Equal(new SharedTablesOptions().SyncInterval, services.GetRequiredService<IOptions<SharedTablesOptions>>().Value.SyncInterval);
    }

    [Fact]
    public void ValueThatDoesNotParse_IsAnErrorNamingIt()
    {
        using var services = Build(new Dictionary<string, string?> { ["Gateway:Redis:SyncInterval"] = "soon" });
        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IOptions<SharedTablesOptions>>().Value);
        Assert.Contains("Gateway:Redis:SyncInterval", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddGateway();
        return services.BuildServiceProvider();
    }
}
