using System.Net;
using Gateway.Tests.Common;

namespace Gateway.Admin.Tests.Api;

/// <summary>The whole way through: configuration made over the admin API carries real traffic, and stops carrying it.</summary>
public class FullLoopTests
{
    [Fact]
    public async Task CreateClusterServerAndRoute_RoutesTraffic_DeleteStopsIt_RewindRestoresIt()
    {
        await using var backend = await BackendServer.StartAsync("orders-backend");
        await using var host = await ApiHost.StartAsync();
        using var proxy = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var before = await proxy.GetAsync(host.ListenerUrl("/orders/7"));

        using var cluster = await host.SendAsync(HttpMethod.Post, "clusters", ApiHost.Json(new { id = "orders", loadBalancing = "round-robin" }));
        using var server = await host.SendAsync(HttpMethod.Post, "clusters/orders/servers", ApiHost.Json(new { id = "o1", address = backend.Url }));
        using var route = await host.SendAsync(HttpMethod.Post, "routes", ApiHost.Json(new { id = "orders", cluster = "orders", path = "/orders/{**rest}" }));
        var routed = host.Revision;
        using var through = await proxy.GetAsync(host.ListenerUrl("/orders/7"));

        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created], [cluster.StatusCode, server.StatusCode, route.StatusCode]);
        Assert.Equal(HttpStatusCode.OK, through.StatusCode);
        Assert.Equal("orders-backend", through.Headers.GetValues("X-Backend").Single());
        Assert.Equal("/api/v1/routes/orders", route.Headers.Location?.ToString());
        Assert.Equal($"\"{routed}\"", route.Headers.ETag?.Tag);

        using var deleted = await host.SendAsync(HttpMethod.Delete, "routes/orders");
        using var afterDelete = await proxy.GetAsync(host.ListenerUrl("/orders/7"));
        using var rewound = await host.SendAsync(HttpMethod.Post, $"revisions/{routed}/rewind?message=bring%20orders%20back", content: null);
        using var afterRewind = await proxy.GetAsync(host.ListenerUrl("/orders/7"));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, afterDelete.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rewound.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterRewind.StatusCode);
        Assert.Equal("orders-backend", afterRewind.Headers.GetValues("X-Backend").Single());
        var history = host.Store.History(pageSize: 5);
        Assert.Equal(["bring orders back", "delete route orders", "create route orders", "create server o1 in cluster orders", "create cluster orders"], history.Select(r => r.Message));
        Assert.All(history, r => Assert.Equal("admin", r.Author));
    }
}
