using Gateway.Admin.Api;
using Gateway.Admin.Hosting;
using Gateway.Admin.Ui;
using Gateway.Admin.Store;
using Gateway.Admin.Api.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Microsoft.AspNetCore.Builder;

public static class GatewayAdminEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the admin endpoints under <paramref name="prefix"/>: the admin pages (sign-in first) and the REST
    /// admin API (<c>api/v1</c>). They answer on the host's own addresses, never on gateway listeners. They
    /// need the authentication and authorization middleware, which a WebApplication adds by itself, and
    /// <c>app.UseAntiforgery()</c>, and static files for the pages' stylesheet and script (site.css, admin.js from
    /// wwwroot) under the same prefix, e.g. <c>app.UseStaticFiles(new StaticFileOptions { RequestPath = prefix })</c> for a non-root one.
    /// The overview's live part is an interactive server component: Blazor's script, <c>_framework/blazor.web.js</c>, is a
    /// static web asset of a Web SDK app, which a host run from its build output outside Development finds only after
    /// <c>builder.WebHost.UseStaticWebAssets()</c> (the standalone host calls it; a published app needs nothing).
    /// </summary>
    public static RouteGroupBuilder MapGatewayAdmin(this IEndpointRouteBuilder endpoints, string prefix = "/")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var frozen = new AdminEndpointDataSource(endpoints);
        endpoints.DataSources.Add(frozen);
        var admin = frozen.RouteBuilder.MapGroup(prefix);
        var pages = prefix.TrimEnd('/') is { Length: > 0 } trimmed ? new PathString(trimmed.StartsWith('/') ? trimmed : "/" + trimmed) : PathString.Empty;
        AdminUiEndpointRouteBuilderExtensions.RecordPrefix(endpoints.ServiceProvider, pages);
        admin.MapAdminUi(pages);
        admin.MapAdminApi();
        // Prometheus text format, for any valid admin API token (a scraper's bearer token), or without one from Gateway:Telemetry:ScrapeAllowedAddresses.
        admin.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(Gateway.Admin.Telemetry.MetricsScrapeRequirement.Policy)
            .WithMetadata(new Gateway.Admin.Api.Security.AdminApiEndpointMetadata(Gateway.Admin.Store.Accounts.AdminRole.Viewer));
        return admin;
    }
}
