using Gateway.Admin.Store;
using Gateway.Core.Configuration;
using Gateway.Core.Serialization;
using Microsoft.Data.Sqlite;

namespace Gateway.Admin.Tests.Store;

public class ConfigStoreTcpModeTests
{
    private static readonly ClusterConfig Db = new()
    {
        Id = "db",
        LoadBalancing = "least-requests",
        ConnectTimeout = TimeSpan.FromSeconds(2),
        HealthCheck = new() { Rise = 1 }, // a connect check: no path, stored by its interval
        SendProxy = SendProxy.V2,
        Servers = [new() { Id = "d1", Address = "tcp://10.0.0.2:5432" }],
    };

    private static readonly ListenerConfig Pg = new()
    {
        Id = "pg",
        Address = "127.0.0.1:5432",
        Mode = ListenerMode.Tcp,
        DefaultCluster = "db",
        IdleTimeout = TimeSpan.FromMinutes(30),
    };

    [Fact]
    public async Task Commit_TcpListenerAndItsClusterTogether_StoresEveryField()
    {
        using var harness = StoreHarness.Create();
        var first = await harness.SeedSampleAsync();

        // The listener is written before the cluster it names: the key is checked at commit.
        var result = await harness.Store.CommitAsync(first,
            [ConfigOperation.Create(Pg), ConfigOperation.Create(Db), ConfigOperation.Update(StoreHarness.Sample.Listeners[1] with { DefaultCluster = "site" })],
            "alice", "postgres through the gateway");

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var stored = harness.Store.ReadEntityTables();
        Assert.Equal(harness.Store.ExportJson(), CanonicalJson.Serialize(stored));
        var pg = stored.Listeners.Single(l => l.Id == "pg");
        Assert.Equal(Pg, pg with { Certificates = Pg.Certificates }); // the list itself is another instance; records compare lists by reference
        Assert.Empty(pg.Certificates);
        Assert.Equal("site", stored.Listeners.Single(l => l.Id == "internal").DefaultCluster);
        var db = stored.Clusters.Single(c => c.Id == "db");
        Assert.Equal((TimeSpan.FromSeconds(2), SendProxy.V2), (db.ConnectTimeout!.Value, db.SendProxy));
        Assert.Equal(new HealthCheckConfig { Rise = 1 }, db.HealthCheck);
        Assert.Equal(ListenerMode.Tcp, harness.Live.Listener("pg")!.Mode);
    }

    [Fact]
    public async Task Commit_DeleteClusterThatIsAListenersDefault_IsRefusedNamingTheListener()
    {
        using var harness = StoreHarness.Create();
        var first = await harness.SeedSampleAsync();
        var second = (await harness.Store.CommitAsync(first, [ConfigOperation.Create(Db), ConfigOperation.Create(Pg)], "alice", "pg")).Revision;

        var result = await harness.Store.CommitAsync(second, [ConfigOperation.Delete(EntityKind.Cluster, "db")], "alice", "remove db");

        Assert.Equal(CommitStatus.Invalid, result.Status);
        Assert.Equal("Cluster \"db\" is used by listener \"pg\"; change or delete it first.", Assert.Single(result.Errors).Message);
        Assert.Equal(second, harness.Store.Read().Revision);
    }

    [Fact]
    public async Task Database_RefusesADanglingDefaultCluster_AtCommit()
    {
        using var harness = StoreHarness.Create();
        await harness.SeedSampleAsync();
        using var connection = new SqliteConnection($"Data Source={harness.DatabasePath}");
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA foreign_keys = ON;";
        pragma.ExecuteNonQuery();
        using var transaction = connection.BeginTransaction();
        using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = "UPDATE listeners SET default_cluster_id = 'nope' WHERE id = 'web';";
        update.ExecuteNonQuery();

        var error = Assert.Throws<SqliteException>(transaction.Commit);

        Assert.Contains("FOREIGN KEY", error.Message, StringComparison.Ordinal);
    }
}
