using System.Net;
using Gateway.Admin.Tests.Api;
using Gateway.Tests.Common;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Admin.Tests.Hosting;

public class AdminEndpointDataSourceTests
{
    [Fact]
    public async Task AdminEndpoints_AreBuiltOnce_NotAgainWithEveryCommit()
    {
        await using var backend = await BackendServer.StartAsync("b");
        await using var host = await ApiHost.StartAsync(backend);
        var endpoints = host.Services.GetRequiredService<EndpointDataSource>();
        var before = endpoints.Endpoints.OfType<RouteEndpoint>().Single(e => e.RoutePattern.RawText == "/api/v1/status");

        // A route change: the gateway's own endpoints are rebuilt, which makes routing re-read every data source.
        using var commit = await host.SendAsync(HttpMethod.Patch, "routes/all", ApiHost.Json(new { path = "/moved/{**rest}" }));
        var after = endpoints.Endpoints.OfType<RouteEndpoint>().Single(e => e.RoutePattern.RawText == "/api/v1/status");

        Assert.Equal(HttpStatusCode.OK, commit.StatusCode);
        Assert.Same(before, after);
    }
}
