using Gateway.Admin.Store;
using Gateway.Core.Configuration;
using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.Listeners;
using Gateway.Tests.Common;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.EndToEnd.Tests.Standalone;

/// <summary>Listener changes committed to the store apply live; the admin endpoint (its own loopback listener) is untouched.</summary>
public class StandaloneListenerTests
{
    [Fact]
    public async Task CommittedListenerChanges_ApplyLive_AdminConnectionStaysOpen()
    {
        using var root = new TempDirectory();
        await using var backend = await BackendServer.StartAsync("b1");
        await using var gateway = await StandaloneGateway.StartAsync(root.Path, Settings.Json(backend.Url));
        var store = gateway.Services.GetRequiredService<ConfigStore>();
        var listeners = gateway.Services.GetRequiredService<IGatewayListeners>();
        var adminUrl = gateway.AdminUrl();
        using var admin = new KeepAliveConnection(adminUrl);
        var adminBefore = await admin.GetAsync("/signin");

        var added = await store.CommitAsync(store.Read().Revision,
            [ConfigOperation.Create(new ListenerConfig { Id = "second", Address = "127.0.0.1:0" }),
             ConfigOperation.Update(store.Read().Document.Listeners[0] with { Protocols = ListenerProtocols.Http2 })],
            "alice", "add a listener, make web h2c");
        await Eventually.TrueAsync(() => listeners.All.Count == 2 && listeners.All.All(l => l.State == ListenerState.Bound), "both listeners bound");
        using var viaSecond = await gateway.Client.GetAsync(gateway.ListenerUrl("second", "/x"));
        var adminPage = await admin.GetAsync("/signin");
        var second = gateway.ListenerUrl("second");
        var removed = await store.CommitAsync(added.Revision, [ConfigOperation.Delete(EntityKind.Listener, "second")], "alice", "remove it");
        await Eventually.TrueAsync(() => TcpProbe.Refuses(second), "the removed listener refuses connections");
        var adminAfter = await admin.GetAsync("/signin");

        Assert.Equal((CommitStatus.Committed, CommitStatus.Committed), (added.Status, removed.Status));
        Assert.Equal("b1", viaSecond.Headers.GetValues("X-Backend").Single());
        // The admin pages answer on the same connection throughout (the overview, which lists the listeners, needs a sign-in: see Gateway.Ui.Tests).
        Assert.Contains("<h1>Sign in</h1>", adminBefore, StringComparison.Ordinal);
        Assert.Contains("<h1>Sign in</h1>", adminPage, StringComparison.Ordinal);
        Assert.Contains("<h1>Sign in</h1>", adminAfter, StringComparison.Ordinal);
        Assert.Equal(adminUrl, gateway.AdminUrl());
        Assert.Equal(Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http2, listeners.All.Single(l => l.Id == "web").Protocols);
    }
}
