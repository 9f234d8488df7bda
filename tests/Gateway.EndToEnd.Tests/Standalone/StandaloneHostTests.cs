using System.Net;
using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.Tests.Common;
using Microsoft.Data.Sqlite;

namespace Gateway.EndToEnd.Tests.Standalone;

public class StandaloneHostTests
{
    [Fact]
    public async Task FirstStart_CreatesDatabase_Serves404NamingAdmin_AndAdminPage()
    {
        using var root = new TempDirectory();
        await using var gateway = await StandaloneGateway.StartAsync(root.Path, Settings.Json());

        var database = Path.Combine(root.Path, "data", "gateway.db");
        Assert.True(File.Exists(database), "the database file is created under the content root");
        using var notFound = await gateway.Client.GetAsync(gateway.ListenerUrl("web", "/anything"));
        var page = await notFound.Content.ReadAsStringAsync();
        var admin = await gateway.Client.GetStringAsync(gateway.AdminUrl());

        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Contains(gateway.AdminUrl().ToString(), page, StringComparison.Ordinal);
        Assert.Contains("<h1>Gateway</h1>", admin, StringComparison.Ordinal);
        Assert.Contains(gateway.ListenerUrl("web").ToString(), admin, StringComparison.Ordinal);
        Assert.Contains(database, admin, StringComparison.Ordinal);
        Assert.Contains(database, gateway.Banner, StringComparison.Ordinal);
        Assert.Contains($"listener web", gateway.Banner, StringComparison.Ordinal);
        using var connection = new SqliteConnection($"Data Source={database}");
        connection.Open();
        using var mode = connection.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", mode.ExecuteScalar());
    }

    [Fact]
    public async Task Route_FromAppsettings_ForwardsToBackend_AndCountsOnAdminPage()
    {
        using var root = new TempDirectory();
        await using var backend = await BackendServer.StartAsync("b1");
        await using var gateway = await StandaloneGateway.StartAsync(root.Path, Settings.Json(backend.Url));

        using var response = await gateway.Client.GetAsync(gateway.ListenerUrl("web", "/orders"));
        var admin = await gateway.Client.GetStringAsync(gateway.AdminUrl());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("b1", response.Headers.GetValues("X-Backend").Single());
        Assert.Contains("<td>all</td><td></td><td>/{**catch-all}</td><td>backend</td><td>1</td><td>0</td>", admin, StringComparison.Ordinal);
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
    public async Task EditingAppsettings_SwapsRoutesWithoutRestart_AndRejectsInvalidEdits()
    {
        using var root = new TempDirectory();
        await using var a = await BackendServer.StartAsync("a");
        await using var b = await BackendServer.StartAsync("b");
        await using var gateway = await StandaloneGateway.StartAsync(root.Path, Settings.Json(a.Url));
        var listener = gateway.ListenerUrl("web", "/");
        var settingsFile = Path.Combine(root.Path, "appsettings.json");

        await File.WriteAllTextAsync(settingsFile, Settings.Json(b.Url));
        await Eventually.TrueAsync(() => gateway.Snapshot.Config.Clusters[0].Servers[0].Address == b.Url, "the edited appsettings.json is applied");
        using var afterEdit = await gateway.Client.GetAsync(listener);
        var applied = gateway.Snapshot;

        await File.WriteAllTextAsync(settingsFile, Settings.Json(b.Url, routePath: "no-leading-slash"));
        await Eventually.TrueAsync(() => gateway.Logs.Entries.Any(e => e.EventId.Name == "ConfigRejected"), "the invalid edit is rejected");
        using var afterInvalid = await gateway.Client.GetAsync(listener);

        Assert.Equal("b", afterEdit.Headers.GetValues("X-Backend").Single());
        Assert.Same(applied, gateway.Snapshot);
        Assert.Equal("b", afterInvalid.Headers.GetValues("X-Backend").Single());
        Assert.Contains("routes[all].path", gateway.Logs.Entries.First(e => e.EventId.Name == "ConfigRejected").Message, StringComparison.Ordinal);
    }
}
