using Gateway.Admin.Api;
using Gateway.Admin.Hosting;
using Gateway.Admin.Status;
using Gateway.Admin.Store;
using Gateway.Listeners;
using Gateway.Proxy;
using Gateway.Snapshots;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Microsoft.AspNetCore.Builder;

public static class GatewayAdminEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the admin endpoints under <paramref name="prefix"/>: the status page and the REST admin API
    /// (<c>api/v1</c>). They answer on the host's own addresses, never on gateway listeners. The API
    /// needs the authentication and authorization middleware, which a WebApplication adds by itself.
    /// </summary>
    public static RouteGroupBuilder MapGatewayAdmin(this IEndpointRouteBuilder endpoints, string prefix = "/")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var frozen = new AdminEndpointDataSource(endpoints);
        endpoints.DataSources.Add(frozen);
        var admin = frozen.RouteBuilder.MapGroup(prefix);
        admin.MapGet("/", (HttpContext context, IGatewaySnapshotAccessor snapshots, IGatewayListeners listeners,
                RouteTrafficTable traffic, GatewayDatabase database, TimeProvider time) =>
            StatusPage.WriteAsync(context, snapshots, listeners, traffic, database, time))
            .WithDisplayName("Gateway admin: status");
        admin.MapAdminApi();
        return admin;
    }
}
