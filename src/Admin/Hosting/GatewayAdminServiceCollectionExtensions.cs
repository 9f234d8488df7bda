using Gateway.Admin.Store;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class GatewayAdminServiceCollectionExtensions
{
    /// <summary>
    /// Adds the admin side: the config store (SQLite at <c>Gateway:Database:Path</c>) and the admin
    /// endpoints. To make the store the gateway's configuration, use <c>AddGateway().LoadFrom&lt;ConfigStore&gt;()</c>.
    /// </summary>
    public static IServiceCollection AddGatewayAdmin(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<DatabaseOptions>(configuration.GetSection(DatabaseOptions.Section));
        services.TryAddSingleton<GatewayDatabase>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new StoreSeed(new Gateway.Configuration.ConfigurationConfigSource(configuration.GetSection("Gateway"))));
        services.TryAddSingleton<ConfigStore>();
        services.TryAddSingleton<Gateway.Admin.Store.Accounts.AdminAccounts>();
        return services;
    }
}
