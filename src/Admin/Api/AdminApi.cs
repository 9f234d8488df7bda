using Gateway.Admin.Api.Http;
using Gateway.Admin.Api.Security;
using Gateway.Admin.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gateway.Admin.Api;

/// <summary>
/// The REST admin API under <c>/api/v1</c>. Like every admin endpoint it answers only on the host's
/// own addresses, never on gateway listeners (see Gateway's ListenerEndpointSelectorPolicy).
/// </summary>
internal static class AdminApi
{
    /// <summary>Where the API is, below the admin endpoints' prefix.</summary>
    public const string Path = "/api/v1";

    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder admin)
    {
        var options = admin.ServiceProvider.GetRequiredService<IOptions<AdminOptions>>();
        var api = admin.MapGroup(Path)
            .WithGroupName(AdminOpenApi.DocumentName)
            .WithMetadata(new AdminApiEndpointMetadata(role: null))
            .WithBodyLimit(options);

        StatusApi.Map(api);
        ConfigApi.Map(api);
        HaproxyImportApi.Map(api);
        ListenersApi.Map(api);
        RoutesApi.Map(api);
        ClustersApi.Map(api);
        ServersApi.Map(api);
        MapsApi.Map(api);
        StickTablesApi.Map(api);
        CertificatesApi.Map(api);
        RevisionsApi.Map(api);
        BatchApi.Map(api);
        TransactionsApi.Map(api);
        GuardsApi.Map(api);
        SimulateApi.Map(api);
        TokensApi.Map(api);
        UsersApi.Map(api);
        AdminOpenApi.Map(api);
        return api;
    }
}
