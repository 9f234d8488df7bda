using Gateway.Admin.Store;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class GatewayAdminServiceCollectionExtensions
{
    /// <summary>Adds the admin side: the config store's database (from <c>Gateway:Database</c>) and the admin pages.</summary>
    public static IServiceCollection AddGatewayAdmin(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<DatabaseOptions>(configuration.GetSection(DatabaseOptions.Section));
        services.TryAddSingleton<GatewayDatabase>();
        return services;
    }
}
