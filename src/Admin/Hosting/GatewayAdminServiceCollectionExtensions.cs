using Gateway.Admin.Api;
using Gateway.Admin.Api.Security;
using Gateway.Admin.Configuration;
using Gateway.Admin.Guard;
using Gateway.Admin.Security;
using Gateway.Admin.Store;
using Gateway.Admin.Store.Accounts;
using Gateway.Admin.Store.Certificates;
using Gateway.Admin.Telemetry;
using Gateway.Admin.Transactions;
using Gateway.Admin.Ui;
using Gateway.Management;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

public static class GatewayAdminServiceCollectionExtensions
{
    /// <summary>
    /// Adds the admin side: the config store (SQLite at <c>Gateway:Database:Path</c>), admin accounts,
    /// the admin API (bearer-token authentication, its authorization policies and OpenAPI document;
    /// settings under <c>Gateway:Admin</c>) and the admin pages (cookie sign-in). To make the store the gateway's configuration, use
    /// <c>AddGateway().LoadFrom&lt;ConfigStore&gt;()</c>.
    /// </summary>
    public static IServiceCollection AddGatewayAdmin(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<DatabaseOptions>(configuration.GetSection(DatabaseOptions.Section));
        services.Configure<AdminOptions>(configuration.GetSection(AdminOptions.Section));
        services.TryAddSingleton<GatewayDatabase>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new StoreSeed(new Gateway.ConfigSources.ConfigurationConfigSource(
            configuration.GetSection("Gateway"), sp.GetService<Microsoft.Extensions.Hosting.IHostEnvironment>()?.ContentRootPath),
            reimport: configuration.GetSection(AdminOptions.Section).GetValue<bool>(nameof(AdminOptions.ReimportSettings))));
        // Certificate keys are encrypted at rest with Data Protection; a host that configured its own keeps it.
        services.AddDataProtection();
        // On a PostgreSQL store the nodes share the key ring through the database (a host's own choice is replaced).
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Options.IPostConfigureOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>, DatabaseKeyRing.Setup>());
        services.TryAddSingleton<StoreConnectivity>();
        // Several nodes on one PostgreSQL store: this node's own settings, its registry row, and the follower that applies the others' commits.
        services.Configure<Gateway.Admin.Nodes.NodeOptions>(configuration.GetSection(Gateway.Admin.Nodes.NodeOptions.Section));
        services.TryAddSingleton<Gateway.Admin.Nodes.NodeRegistry>();
        services.AddHostedService<Gateway.Admin.Nodes.RevisionFollower>();
        services.TryAddSingleton<CertificateKeyStore>();
        services.TryAddSingleton<CommitMetrics>();
        AddConfigStore(services);
        services.TryAddSingleton<AdminAccounts>();

        services.TryAddSingleton<AdminBootstrap>();
        services.AddHostedService(sp => sp.GetRequiredService<AdminBootstrap>());
        services.TryAddSingleton<AuthFailureLimiter>();
        services.TryAddSingleton<OfflineTokens>();
        services.TryAddSingleton<TransactionRegistry>();
        services.Configure<GuardOptions>(configuration.GetSection("Gateway:Admin:Guard"));
        services.TryAddSingleton<CommitGuard>();
        // No default scheme is set: only the admin API's endpoints ask for this one.
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, configureOptions: null);
        services.AddAuthorization(AdminApiPolicies.Add);
        services.AddGatewayAdminUi();
        services.TryAddEnumerable(ServiceDescriptor.Transient<Microsoft.AspNetCore.Hosting.IStartupFilter, Gateway.Admin.Hosting.AdminRequestGuardStartupFilter>());
        services.AddOpenApi(AdminOpenApi.DocumentName, options =>
        {
            AdminOpenApi.Configure(options);
            AdminOpenApiDescriptions.Configure(options);
        });
        // The gateway's meters for Prometheus at the admin's /metrics; OTLP push of metrics and traces when Gateway:Telemetry says where.
        services.AddGatewayTelemetry(configuration);
        return services;
    }

    /// <summary>
    /// The store's constructor is internal (its dependencies are), so the container cannot build it from its
    /// type. <c>AddGateway().LoadFrom&lt;ConfigStore&gt;()</c>, usually called first, registers it by type;
    /// that registration is replaced by one that constructs it, and one a host made otherwise is kept.
    /// </summary>
    private static void AddConfigStore(IServiceCollection services)
    {
        var byType = services.FirstOrDefault(d => d.ServiceType == typeof(ConfigStore) && !d.IsKeyedService && d.ImplementationType == typeof(ConfigStore));
        if (byType is not null)
        {
            services.Remove(byType);
        }

        services.TryAddSingleton(sp => new ConfigStore(
            sp.GetRequiredService<GatewayDatabase>(),
            sp.GetRequiredService<IGatewaySnapshotPublisher>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ConfigStore>>(),
            sp.GetRequiredService<CertificateKeyStore>(),
            sp.GetService<StoreSeed>(),
            sp.GetRequiredService<StoreConnectivity>(),
            Gateway.Admin.Nodes.ListenerAddressOverrides.For(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Gateway.Admin.Nodes.NodeOptions>>().Value),
            sp.GetService<CommitMetrics>()));
    }
}
