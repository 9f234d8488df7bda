using Gateway.Admin.Security;
using Gateway.Admin.Threading;
using Gateway.Admin.Ui.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Admin.Hosting;

/// <summary>
/// Puts <see cref="AdminRequestGuard"/> in front of the host's whole pipeline for admin requests (not gateway
/// listeners', and only under the admin prefix), so the Host check and security headers hold for every admin
/// response, sign-in redirects and static files included, whatever middleware the host adds. Before either, an admin
/// request leaves the socket thread it may have started on (<see cref="ThreadPoolContext"/>): the pages and the API block
/// on the database, and with inline socket completions that would stall, or deadlock, the proxy's connections.
/// </summary>
internal sealed class AdminRequestGuardStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        var paths = app.ApplicationServices.GetRequiredService<AdminUiPaths>();
        app.UseWhen(context => !context.IsGatewayRequest() && IsUnder(context.Request.Path, paths.Prefix), guarded =>
        {
            guarded.Use(static async (context, next) =>
            {
                await ThreadPoolContext.SwitchTo();
                await next(context);
            });
            guarded.UseMiddleware<AdminRequestGuard>();
            guarded.UseMiddleware<Gateway.Admin.Api.Http.StoreUnavailableMiddleware>();
        });
        next(app);
    };

    private static bool IsUnder(PathString path, PathString prefix) => !prefix.HasValue || path.StartsWithSegments(prefix);
}
