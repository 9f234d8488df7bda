using Gateway.Admin.Store.Accounts;
using Gateway.Admin.Ui.Layout;
using Gateway.Admin.Ui.Security;
using Gateway.Admin.Ui.Services;
using Gateway.Admin.Ui.Services.Simulation;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gateway.Admin.Ui;

internal static class AdminUiServiceCollectionExtensions
{
    /// <summary>
    /// The admin pages: Razor components rendered statically on the server (the overview's live part interactively,
    /// over a circuit), their cookie sign-in (not the
    /// host's default scheme, so proxied requests never run it), their policies, and the services behind them.
    /// </summary>
    public static IServiceCollection AddGatewayAdminUi(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        // Re-reads, while a circuit is open, whether its sign-in still exists: sign-out ends the live overview too.
        // AddInteractiveServerComponents registered Blazor's default provider, which never looks again; a host's own is kept.
        var provider = services.LastOrDefault(d => d.ServiceType == typeof(AuthenticationStateProvider));
        if (provider is null || provider.ImplementationType == typeof(ServerAuthenticationStateProvider))
        {
            services.Replace(ServiceDescriptor.Scoped<AuthenticationStateProvider, AdminSessionRevalidator>());
        }

        services.TryAddSingleton<AdminUiPaths>();
        services.TryAddSingleton<AdminSessions>();
        services.TryAddSingleton<AdminTicketStore>();
        services.AddAuthentication().AddCookie(AdminUiAuthentication.SchemeName);
        services.AddOptions<CookieAuthenticationOptions>(AdminUiAuthentication.SchemeName)
            .Configure<AdminUiPaths, AdminTicketStore>(AdminUiAuthentication.Configure);
        // The forms' antiforgery cookie is Secure on an https admin site, as the session cookie is.
        // Named so gateway listeners can keep it from proxied servers, like the session cookie.
        services.Configure<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>(options =>
        {
            options.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
            options.Cookie.Name = AdminUiAuthentication.AntiforgeryCookieName;
        });
        // Proxied servers never receive the admin session or antiforgery cookie (on either HTTP path).
        services.Configure<Gateway.Model.GatewayOptions>(options =>
        {
            foreach (var name in new[] { AdminUiAuthentication.CookieName, AdminUiAuthentication.AntiforgeryCookieName })
            {
                if (!options.ProtectedCookies.Contains(name))
                {
                    options.ProtectedCookies.Add(name);
                }
            }
        });
        services.AddAuthorization(AdminUiPolicies.Add);
        services.TryAddSingleton<PendingChanges>();
        services.TryAddSingleton(sp => new OneTimeResults(sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.TryAddSingleton<RequestSimulator>();
        services.TryAddSingleton<CertificateChanges>();
        services.TryAddSingleton<OverviewStatsReader>();
        services.TryAddSingleton<Gateway.Admin.Ui.Services.RulesEditor.RuleHitsReader>();
        services.TryAddScoped<NavItems>();
        return services;
    }
}
