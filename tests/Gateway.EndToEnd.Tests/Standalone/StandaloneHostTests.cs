using System.Net;
using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.Tests.Common;
using Gateway.Admin.Store;
using Gateway.Core.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Gateway.Forwarding;

namespace Gateway.EndToEnd.Tests.Standalone;

public class StandaloneHostTests
{
    [Fact]
    public async Task FirstStart_CreatesDatabase_Serves404NamingAdmin_AndAdminPagesAskToSignIn()
    {
        using var root = new TempDirectory();
        await using var gateway = await StandaloneGateway.StartAsync(root.Path, Settings.Json());

        var database = Path.Combine(root.Path, "data", "gateway.db");
        Assert.True(File.Exists(database), "the database file is created under the content root");
        using var notFound = await gateway.Client.GetAsync(gateway.ListenerUrl("web", "/anything"));
        var page = await notFound.Content.ReadAsStringAsync();
        using var overview = await gateway.Client.GetAsync(gateway.AdminUrl());
        var signIn = await gateway.Client.GetStringAsync(gateway.AdminUrl("/signin"));

        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Contains(gateway.AdminUrl().ToString(), page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, overview.StatusCode);
        Assert.Equal(gateway.AdminUrl("/signin?ReturnUrl=%2F"), overview.Headers.Location);
        Assert.Contains("<h1>Sign in</h1>", signIn, StringComparison.Ordinal);
        Assert.Contains(database, gateway.Banner, StringComparison.Ordinal);
        Assert.Contains($"listener web", gateway.Banner, StringComparison.Ordinal);
        using var connection = new SqliteConnection($"Data Source={database}");
        connection.Open();
        using var mode = connection.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", mode.ExecuteScalar());
    }

    [Fact]
    public async Task Route_FromAppsettings_ForwardsToBackend_AndIsCounted()
    {
        using var root = new TempDirectory();
        await using var backend = await BackendServer.StartAsync("b1");
        await using var gateway = await StandaloneGateway.StartAsync(root.Path, Settings.Json(backend.Url));

        using var response = await gateway.Client.GetAsync(gateway.ListenerUrl("web", "/orders"));
        var traffic = gateway.Services.GetRequiredService<RouteTrafficTable>().Get("all");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("b1", response.Headers.GetValues("X-Backend").Single());
        Assert.Equal((1L, 0L), (traffic.Requests, traffic.ServerErrors));
    }

    [Fact]
    public async Task AdminStaticFiles_AreNotServedOnGatewayListeners()
    {
        using var root = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(root.Path, "wwwroot"));
        await File.WriteAllTextAsync(Path.Combine(root.Path, "wwwroot", "site.css"), "body{}");
        await using var gateway = await StandaloneGateway.StartAsync(root.Path, Settings.Json());

        using var onAdmin = await gateway.Client.GetAsync(gateway.AdminUrl("/site.css"));
        using var onListener = await gateway.Client.GetAsync(gateway.ListenerUrl("web", "/site.css"));

        Assert.Equal(HttpStatusCode.OK, onAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, onListener.StatusCode);
    }

    [Fact]
    public async Task CommandLineArguments_OverrideAppsettings()
    {
        using var root = new TempDirectory();
        await using var backend = await BackendServer.StartAsync("b1");
        // The file asks for port 8080; the argument moves the listener, as a second instance would.
        await using var gateway = await StandaloneGateway.StartAsync(root.Path, Settings.Json(backend.Url, listenerAddress: "127.0.0.1:8080"),
            "--Gateway:Listeners:web:Address=127.0.0.1:0", "--Gateway:Database:Path=custom/store.db");

        Assert.NotEqual(8080, gateway.ListenerUrl("web").Port);
        Assert.True(File.Exists(Path.Combine(root.Path, "custom", "store.db")));
        using var response = await gateway.Client.GetAsync(gateway.ListenerUrl("web", "/"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task StoreCommit_RoutesTheNewWay_AndRewindRoutesTheOldWay()
    {
        using var root = new TempDirectory();
        await using var a = await BackendServer.StartAsync("a");
        await using var b = await BackendServer.StartAsync("b");
        await using var gateway = await StandaloneGateway.StartAsync(root.Path, Settings.Json(a.Url));
        var store = gateway.Services.GetRequiredService<ConfigStore>();
        var listener = gateway.ListenerUrl("web", "/");
        var initial = store.Read();

        var moved = await store.CommitAsync(initial.Revision,
            [ConfigOperation.Create(new ClusterConfig { Id = "next", Servers = [new() { Id = "b", Address = b.Url }] }),
             ConfigOperation.Update(initial.Document.Routes[0] with { Cluster = "next" })],
            "alice", "move traffic to b");
        using var afterCommit = await gateway.Client.GetAsync(listener);
        var rewound = await store.RewindAsync(initial.Revision, "bob", "back to a");
        using var afterRewind = await gateway.Client.GetAsync(listener);

        Assert.Equal((CommitStatus.Committed, 2L), (moved.Status, moved.Revision));
        Assert.Equal("b", afterCommit.Headers.GetValues("X-Backend").Single());
        Assert.Equal((CommitStatus.Committed, 3L), (rewound.Status, rewound.Revision));
        Assert.Equal("a", afterRewind.Headers.GetValues("X-Backend").Single());
        Assert.Equal("revision 3", gateway.Snapshot.Version);
        Assert.Equal(["back to a", "move traffic to b", "initial import"], store.History().Select(r => r.Message));
    }

    [Fact]
    public async Task Restart_KeepsTheStoresConfiguration_AndWarnsThatAppsettingsDiffers()
    {
        using var root = new TempDirectory();
        await using var a = await BackendServer.StartAsync("a");
        await using var b = await BackendServer.StartAsync("b");
        await using (var first = await StandaloneGateway.StartAsync(root.Path, Settings.Json(a.Url)))
        {
            var store = first.Services.GetRequiredService<ConfigStore>();
            var current = store.Read();
            var cluster = current.Document.Clusters[0];
            var result = await store.CommitAsync(current.Revision, [ConfigOperation.Update(cluster with { Servers = [cluster.Servers[0] with { Address = b.Url }] })], "alice", "to b");
            Assert.True(result.Succeeded);
        }

        await using var second = await StandaloneGateway.StartAsync(root.Path, Settings.Json(a.Url));
        using var response = await second.Client.GetAsync(second.ListenerUrl("web", "/"));

        Assert.Equal("b", response.Headers.GetValues("X-Backend").Single());
        Assert.Equal("revision 2", second.Snapshot.Version);
        Assert.Contains(second.Logs.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Message.Contains("differs from the store's revision 2", StringComparison.Ordinal));
    }
}
