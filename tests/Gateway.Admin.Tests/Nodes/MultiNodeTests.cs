using System.Diagnostics;
using System.Net;
using Gateway.Admin.Store;
using Gateway.Admin.Tests.Api;
using Gateway.Admin.Tests.Store;
using Gateway.Core.Configuration;
using Gateway.Core.Sources;
using Gateway.Model;
using Gateway.Tests.Common;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Admin.Tests.Nodes;

/// <summary>
/// Several standalone hosts (nodes) in this process on one real PostgreSQL database: each with its own admin endpoint,
/// listener port, data folder and name, talking to each other only through the database.
/// </summary>
public sealed class MultiNodeTests
{
    private static string[] NodeArgs(string connectionString, string name) =>
    [
        $"--Gateway:Database:Provider=postgres",
        $"--Gateway:Database:ConnectionString={connectionString}",
        $"--Gateway:Node:Name={name}",
        "--Gateway:Node:HeartbeatInterval=00:00:00.200",
    ];

    private static HttpClient Plain() => new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };

    private static string Served(ApiHost node) => node.Services.GetRequiredService<IGatewaySnapshotAccessor>().Current.Version;

    [Fact]
    public async Task CommitOnA_IsServedByB_WithinOneSecond_AndStatusListsBothNodes()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        var database = await SharedPostgres.NewDatabaseAsync();
        await using var a = await ApiHost.StartAsync(backend, args: NodeArgs(database, "a"));
        // Node b binds listener web on an address of its own (a node-local setting); the shared document keeps its own.
        await using var b = await ApiHost.StartAsync(backend, args: [.. NodeArgs(database, "b"), "--Gateway:Node:ListenerAddresses:web=127.0.0.2:0"]);
        using var client = Plain();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(b.ListenerUrl("/x"))).StatusCode);
        Assert.Equal(("127.0.0.1", "127.0.0.2"), (a.ListenerUrl().Host, b.ListenerUrl().Host));
        Assert.Equal("127.0.0.1:0", b.Store.Read().Document.Listeners.Single().Address);

        var clock = Stopwatch.StartNew();
        using var deleted = await a.SendAsync(HttpMethod.Delete, "routes/all");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var committed = clock.Elapsed;
        await Eventually.TrueAsync(() => Served(b) == "revision 2", "node b to serve revision 2");
        var followed = clock.Elapsed - committed;

        Assert.True(followed < TimeSpan.FromSeconds(1), $"node b applied revision 2 {followed.TotalMilliseconds:0} ms after node a acknowledged it");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(b.ListenerUrl("/x"))).StatusCode);
        Assert.Equal("127.0.0.2", b.ListenerUrl().Host);

        // Both nodes, on the latest revision, in either node's status.
        await Eventually.TrueAsync(() =>
        {
            var nodes = ApiHost.ReadJsonAsync(b.Admin.GetAsync("status").GetAwaiter().GetResult()).GetAwaiter().GetResult()["nodes"]!.AsArray();
            return nodes.Count == 2 && nodes.All(n => n!["revision"]!.GetValue<long>() == 2 && n["current"]!.GetValue<bool>());
        }, "both nodes to report revision 2");
        var status = await ApiHost.ReadJsonAsync(await a.Admin.GetAsync("status"));
        Assert.Equal(["a", "b"], status["nodes"]!.AsArray().Select(n => n!["name"]!.GetValue<string>()));
        Assert.Equal(a.AdminUrl.ToString(), status["nodes"]![0]!["address"]!.GetValue<string>());
        Assert.True(status["nodes"]![0]!["self"]!.GetValue<bool>());
        Assert.Equal(("postgres", true), (status["store"]!["provider"]!.GetValue<string>(), status["store"]!["reachable"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task DatabaseLost_NodesKeepServing_WritesAre503_ThenACommitOnBReachesA_AndANodeStartsFromItsLocalCopy()
    {
        await using var backend = await BackendServer.StartAsync("b1");
        await using var postgres = await PostgresServer.StartAsync();
        var database = await postgres.CreateDatabaseAsync();
        using var rootA = new TempDirectory();
        using var client = Plain();
        var a = await ApiHost.StartAsync(backend, root: rootA.Path, args: NodeArgs(database, "a"));
        try
        {
            await using var b = await ApiHost.StartAsync(backend, args: NodeArgs(database, "b"));
            // The token is checked once while the database is up (a node keeps recent checks for an outage).
            Assert.Equal(HttpStatusCode.OK, (await a.Admin.GetAsync("status")).StatusCode);

            await postgres.StopAsync(immediate: true);

            // Both keep serving what they applied.
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(a.ListenerUrl("/x"))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(b.ListenerUrl("/x"))).StatusCode);

            // A write is refused with a clear 503, and nothing changes.
            using var refused = await a.SendAsync(HttpMethod.Delete, "routes/all", revision: 1);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var problem = await ApiHost.ReadJsonAsync(refused);
            Assert.Equal("The configuration database is unreachable.", problem["title"]!.GetValue<string>());
            Assert.Equal(1, problem["servingRevision"]!.GetValue<long>());

            // Status works without the database and says so; the loss is logged once.
            await Eventually.TrueAsync(() => !b.Store.Connectivity.Reachable, "node b to notice the database is gone");
            var status = await ApiHost.ReadJsonAsync(await a.Admin.GetAsync("status"));
            Assert.False(status["store"]!["reachable"]!.GetValue<bool>());
            Assert.Equal(1, status["store"]!["appliedRevision"]!.GetValue<long>());
            await a.Admin.GetAsync("status");
            Assert.Single(a.Logs.Entries, l => l.Message.Contains("configuration database is unreachable", StringComparison.Ordinal));

            // A node that never applied a revision refuses to start; one that did starts from its local copy.
            using (var fresh = new TempDirectory())
            {
                var refusal = await Assert.ThrowsAnyAsync<Exception>(() => ApiHost.StartAsync(backend, root: fresh.Path, args: NodeArgs(database, "c")));
                Assert.Contains("no local copy", refusal.ToString(), StringComparison.Ordinal);
            }

            await a.DisposeAsync();
            a = await ApiHost.StartAsync(backend, root: rootA.Path, args: NodeArgs(database, "a"));
            Assert.Equal("revision 1 (local copy)", Served(a));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(a.ListenerUrl("/x"))).StatusCode);

            // The database comes back: a commit on B reaches A.
            await postgres.StartAgainAsync();
            HttpResponseMessage? deleted = null;
            await Eventually.TrueAsync(() =>
            {
                deleted?.Dispose();
                deleted = b.SendAsync(HttpMethod.Delete, "routes/all", revision: 1).GetAwaiter().GetResult();
                return deleted.StatusCode != HttpStatusCode.ServiceUnavailable;
            }, "node b to commit once the database is back");
            Assert.Equal(HttpStatusCode.NoContent, deleted!.StatusCode);
            deleted.Dispose();
            await Eventually.TrueAsync(() => Served(a) == "revision 2", "node a to apply node b's commit");
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(a.ListenerUrl("/x"))).StatusCode);
            await Eventually.TrueAsync(() => a.Store.Connectivity.Reachable, "node a to see the database again");
            // Reachable turns true just before the line is written: wait for the line, then check it is one.
            await Eventually.TrueAsync(() => a.Logs.Entries.Any(l => l.Message.Contains("reachable again", StringComparison.Ordinal)), "node a to log that the database is back");
            Assert.Single(a.Logs.Entries, l => l.Message.Contains("reachable again", StringComparison.Ordinal));
        }
        finally
        {
            await a.DisposeAsync();
        }
    }

    [Fact]
    public async Task CertificateKey_StoredOnA_IsReadableOnB()
    {
        var settings = StoreHarness.PostgresSettings();
        using var a = StoreHarness.Create(settings: settings);
        using var b = StoreHarness.Create(settings: settings);
        var site = TestCertificates.Create("site", "www.example.com");
        var tls = StoreHarness.Sample with
        {
            Listeners = [StoreHarness.Sample.Listeners[0] with { Certificates = [site.Id] }, StoreHarness.Sample.Listeners[1]],
            Certificates = [site.Config],
        };

        var committed = await a.Store.CommitAsync(0, [ConfigOperation.Replace(tls)], "alice", "tls on node a");
        Assert.True(committed.Succeeded, string.Join("; ", committed.Errors));

        // Node b has its own key folder (its own root), empty: the key ring comes from the database.
        Assert.NotEqual(a.Root, b.Root);
        Assert.Equal(1, await b.Store.CatchUpAsync());
        Assert.Equal(site.KeyPem, b.Live.Config.Certificates.Single().Key);
        var loaded = ((IConfigSource)b.Store).Load();
        Assert.True(loaded.Config is not null, string.Join("; ", loaded.Errors));
        Assert.Equal(site.KeyPem, loaded.Config.Certificates.Single().Key);
    }
}
