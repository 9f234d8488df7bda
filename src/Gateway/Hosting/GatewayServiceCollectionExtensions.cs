using Gateway.Checkpoints;
using Microsoft.AspNetCore.Connections;
using Gateway.AccessLog;
using Gateway.RequestObservation;
using Gateway.Metrics;
using Gateway.Connections;
using Gateway.Core.Sources;
using Gateway.Hosting;
using Gateway.Listeners;
using Microsoft.AspNetCore.Hosting;
using Gateway.Tls;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;
using Gateway.ConfigSources;
using Gateway.Explain;
using Gateway.Forwarding;
using Gateway.Http;
using Gateway.Management;
using Gateway.Model;
using Gateway.SharedTables;
using Gateway.TrafficHistory;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

public static class GatewayServiceCollectionExtensions
{
    /// <summary>
    /// Adds the gateway: its listeners are bound as Kestrel endpoints and its routes forwarded by
    /// YARP once <c>MapGateway()</c> is called. Configuration comes from the <c>Gateway</c>
    /// section of the host's configuration unless another source is chosen on the returned builder.
    /// </summary>
    public static IGatewayBuilder AddGateway(this IServiceCollection services, Action<GatewayOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.AddReverseProxy().AddTransforms<RuleResponseTransform>().AddTransforms<BackendTransformProvider>().AddTransforms<ProtectedCookieTransformProvider>();
        // Failed forwards are logged by ForwardFailureLog, one rate-limited line each; YARP's own
        // warning for each carries a stack trace (15 lines per failure under a dead server).
        services.Configure<LoggerFilterOptions>(options => options.AddFilter("Yarp.ReverseProxy.Forwarder.HttpForwarder", LogLevel.Error));
        // First registered, outermost: the access log sees every request as it arrived and as it ended.
        services.AddOptions<AccessLogOptions>().BindConfiguration("Gateway:AccessLog");
        services.TryAddSingleton<AccessLogWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<AccessLogWriter>());
        services.TryAddSingleton<RouteTrafficWindow>();
        services.TryAddSingleton<IRouteTraffic>(sp => sp.GetRequiredService<RouteTrafficWindow>());
        services.TryAddSingleton<RequestMetrics>();
        services.TryAddSingleton<TrafficHistoryStore>();
        services.TryAddSingleton<ITrafficHistory>(sp => sp.GetRequiredService<TrafficHistoryStore>());
        services.TryAddSingleton<RecentRequestRing>();
        services.TryAddSingleton<IRecentRequests>(sp => sp.GetRequiredService<RecentRequestRing>());
        services.TryAddSingleton<RequestRecorder>();
        services.TryAddSingleton<GatewayStateMetrics>();
        services.AddHostedService(sp => sp.GetRequiredService<GatewayStateMetrics>());
        services.AddTransient<IStartupFilter, RequestObservationStartupFilter>();
        services.TryAddSingleton<RegexTimeoutReporter>();
        services.AddTransient<IStartupFilter, GatewayRulesStartupFilter>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IConfigSource>(sp => new ConfigurationConfigSource(sp.GetRequiredService<IConfiguration>().GetSection("Gateway"), sp.GetService<Microsoft.Extensions.Hosting.IHostEnvironment>()?.ContentRootPath));

        services.TryAddSingleton<SnapshotHolder>();
        services.TryAddSingleton<IGatewaySnapshotAccessor>(sp => sp.GetRequiredService<SnapshotHolder>());
        services.TryAddSingleton<TlsCertificateLoader>();
        services.TryAddSingleton<GatewaySnapshotBuilder>();
        services.TryAddSingleton<SnapshotPublisher>();
        services.TryAddSingleton<IGatewaySnapshotPublisher>(sp => sp.GetRequiredService<SnapshotPublisher>());
        services.TryAddSingleton<GatewayConfigApplier>();
        services.TryAddSingleton(sp => new RouteTrafficTable(sp.GetRequiredService<SnapshotHolder>()));
        services.TryAddSingleton(sp => new ClusterTrafficTable(sp.GetRequiredService<SnapshotHolder>()));
        services.AddSingleton<IProxyConfigProvider, GatewayProxyConfigProvider>();
        services.AddHostedService<ConfigSourceWatcher>();
        services.AddGatewayServerSelection();

        services.TryAddSingleton<GatewayExplainer>();
        services.TryAddSingleton(sp => new RateCheckpoints(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new ConcurrencyLimits(sp.GetRequiredService<TimeProvider>()));
        services.AddOptions<SharedTablesOptions>().BindConfiguration(SharedTablesOptions.Section);
        services.TryAddSingleton<SharedTablesStatus>();
        services.AddHostedService<SharedTableSync>();
        services.AddMetrics();
        services.TryAddSingleton<ConnectionCounters>();
        services.AddGatewayConnectionModes();
        services.TryAddSingleton<ListenerRegistry>();
        services.TryAddSingleton<IGatewayListeners>(sp => sp.GetRequiredService<ListenerRegistry>());
        services.TryAddSingleton<HostUrlsBinder>();
        services.TryAddSingleton<ListenerEndpointSetup>();
        services.TryAddSingleton<ConnectionHeartbeat>();
        services.TryAddSingleton<Gateway.Http1.Transport.ClientSocketTransportFactory>();
        // After Kestrel's socket transport (the web host registered it when it was made): Kestrel asks the last one first,
        // and this one binds only the endpoints the listener set-up claimed.
        services.AddSingleton<IConnectionListenerFactory>(sp => sp.GetRequiredService<Gateway.Http1.Transport.ClientSocketTransportFactory>());
        services.TryAddSingleton<Gateway.Http1.Pool.ServerPools>();
        services.TryAddSingleton<Gateway.Http1.Proxy.Http1Services>();
        services.TryAddSingleton<ListenerBinder>();
        services.AddHostedService<ListenerBindingService>();
        services.TryAddEnumerable(ServiceDescriptor.Transient<IPostConfigureOptions<KestrelServerOptions>, GatewayKestrelSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, ListenerEndpointSelectorPolicy>());

        return new GatewayBuilder(services);
    }
}
