using Gateway.Admin.Store;
using Gateway.Core.Configuration;
using Gateway.Core.Serialization;
using Microsoft.Data.Sqlite;

namespace Gateway.Admin.Tests.Store;

/// <summary>The concurrency limits of routes and clusters in the entity tables (migration ConcurrencyLimits).</summary>
public class ConfigStoreConcurrencyTests
{
    [Fact]
    public async Task Commit_RouteAndClusterLimits_AreStoredInTheirColumns_AndReadBackWhole_AndABadOneChangesNothing()
    {
        using var harness = StoreHarness.Create();
        var first = await harness.SeedSampleAsync();
        var document = harness.Store.Read().Document;
        var route = document.Routes.Single(r => r.Id == "orders") with { Concurrency = new() { MaxRequests = 10, MaxQueue = 5, QueueTimeout = TimeSpan.FromSeconds(2) } };
        var cluster = document.Clusters.Single(c => c.Id == "site") with { Concurrency = new() { MaxRequests = 3 } };

        var committed = await harness.Store.CommitAsync(first, [ConfigOperation.Update(route), ConfigOperation.Update(cluster)], "alice", "limits");

        Assert.True(committed.Succeeded, string.Join("; ", committed.Errors));
        var stored = harness.Store.ReadEntityTables();
        Assert.Equal(harness.Store.ExportJson(), CanonicalJson.Serialize(stored));
        Assert.Equal(route.Concurrency, stored.Routes.Single(r => r.Id == "orders").Concurrency);
        Assert.Equal(cluster.Concurrency, stored.Clusters.Single(c => c.Id == "site").Concurrency);
        Assert.Null(stored.Routes.Single(r => r.Id == "users").Concurrency);
        Assert.Equal(("10", "5", TimeSpan.FromSeconds(2).Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            (Scalar(harness.DatabasePath, "SELECT concurrency_max_requests FROM routes WHERE id = 'orders';"),
             Scalar(harness.DatabasePath, "SELECT concurrency_max_queue FROM routes WHERE id = 'orders';"),
             Scalar(harness.DatabasePath, "SELECT concurrency_queue_timeout_ticks FROM routes WHERE id = 'orders';")));

        var bad = await harness.Store.CommitAsync(committed.Revision, [ConfigOperation.Update(route with { Concurrency = new() { MaxRequests = 0, MaxQueue = -1 } })], "alice", "bad");
        Assert.False(bad.Succeeded);
        Assert.Contains(bad.Errors, e => e.Path == "routes[orders].concurrency.maxRequests");
        Assert.Contains(bad.Errors, e => e.Path == "routes[orders].concurrency.maxQueue");
        Assert.Equal(route.Concurrency, harness.Store.ReadEntityTables().Routes.Single(r => r.Id == "orders").Concurrency);
    }

    private static string? Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
