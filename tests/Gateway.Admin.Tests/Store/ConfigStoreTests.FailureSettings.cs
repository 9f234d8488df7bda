using Gateway.Admin.Store;
using Gateway.Core.Configuration;
using Gateway.Core.Serialization;
using Microsoft.Data.Sqlite;

namespace Gateway.Admin.Tests.Store;

/// <summary>The Host header, retry, passive-health, stickiness and queue settings of a cluster, and a server's connection limit, in the entity tables.</summary>
public class ConfigStoreFailureSettingsTests
{
    private static readonly ClusterConfig Shop = new()
    {
        Id = "shop",
        LoadBalancing = "hdr(X-Tenant)",
        HostHeader = "shop.internal:8080",
        Retry = new() { Count = 1, Redispatch = false, OnStatuses = [502, 503], NonIdempotent = true, BufferLimit = 4096, Deadline = TimeSpan.FromSeconds(20) },
        PassiveHealth = new() { Enabled = false, ConsecutiveFailures = 7, CountServerErrors = true, EjectionTime = TimeSpan.FromSeconds(3), MaxEjectionTime = TimeSpan.FromMinutes(1) },
        StickyCookie = "SHOPSRV",
        MaxQueue = 0,
        QueueTimeout = TimeSpan.FromMilliseconds(2500),
        Servers = [new() { Id = "s1", Address = "http://10.0.2.1/", MaxConnections = 20 }, new() { Id = "s2", Address = "http://10.0.2.2/" }],
    };

    [Fact]
    public async Task Commit_EverySetting_IsStoredInTheTables_AndReadBackWhole()
    {
        using var harness = StoreHarness.Create();
        var first = await harness.SeedSampleAsync();

        var created = await harness.Store.CommitAsync(first, [ConfigOperation.Create(Shop)], "alice", "shop");
        var changed = Shop with { Retry = Shop.Retry with { OnStatuses = [504] }, HostHeader = "server", MaxQueue = null, Servers = [Shop.Servers[0] with { MaxConnections = 5 }] };
        var updated = await harness.Store.CommitAsync(created.Revision, [ConfigOperation.Update(changed)], "alice", "shop again");

        Assert.True(created.Succeeded, string.Join("; ", created.Errors));
        Assert.True(updated.Succeeded, string.Join("; ", updated.Errors));
        var stored = harness.Store.ReadEntityTables();
        Assert.Equal(harness.Store.ExportJson(), CanonicalJson.Serialize(stored));
        var shop = stored.Clusters.Single(c => c.Id == "shop");
        Assert.Equal(changed, shop with { Servers = changed.Servers });
        Assert.Equal(changed.Servers, shop.Servers);
        Assert.Equal(changed, harness.Store.Read().Document.Clusters.Single(c => c.Id == "shop") with { Servers = changed.Servers });
        Assert.Equal(("[504]", "5"), (Scalar(harness.DatabasePath, "SELECT retry_on_statuses FROM clusters WHERE id = 'shop';"), Scalar(harness.DatabasePath, "SELECT max_connections FROM servers WHERE cluster_id = 'shop' AND id = 's1';")));
        // The sample's clusters set none of it: they read back with the defaults.
        Assert.All(stored.Clusters.Where(c => c.Id != "shop"), c => Assert.Equal((RetryConfig.Default, PassiveHealthConfig.Default, HostHeaderModes.Client), (c.Retry, c.PassiveHealth, c.HostHeader)));
    }

    [Fact]
    public async Task RowsFromBeforeTheseColumns_ReadAsTheDefaults()
    {
        using var harness = StoreHarness.Create();
        await harness.SeedSampleAsync();

        // What the migration leaves in rows written before it: NULL in every new column.
        Execute(harness.DatabasePath, """
            UPDATE clusters SET host_header = NULL, retry_count = NULL, retry_redispatch = NULL, retry_on_statuses = NULL, retry_non_idempotent = NULL,
              retry_buffer_limit = NULL, retry_deadline_ticks = NULL, passive_health_enabled = NULL, passive_health_consecutive_failures = NULL,
              passive_health_count_server_errors = NULL, passive_health_ejection_ticks = NULL, passive_health_max_ejection_ticks = NULL,
              sticky_cookie = NULL, max_queue = NULL, queue_timeout_ticks = NULL;
            UPDATE servers SET max_connections = NULL;
            """);

        var stored = harness.Store.ReadEntityTables();

        Assert.Equal(CanonicalJson.Serialize(StoreHarness.Sample), CanonicalJson.Serialize(stored));
        Assert.All(stored.Clusters, c => Assert.Equal((RetryConfig.Default, PassiveHealthConfig.Default), (c.Retry, c.PassiveHealth)));
    }

    private static string? Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
