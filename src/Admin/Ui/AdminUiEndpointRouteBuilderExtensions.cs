using Gateway.Admin.Ui.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Admin.Ui;

internal static class AdminUiEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the admin pages into <paramref name="admin"/> (whose prefix is <paramref name="prefix"/>). Every page
    /// needs a signed-in viewer unless it says otherwise (sign-in itself); editing and admin-only pages
    /// ask for more.
    /// </summary>
    public static void MapAdminUi(this RouteGroupBuilder admin, PathString prefix)
    {
        admin.MapRazorComponents<App>()
            .RequireAuthorization(AdminUiPolicies.Viewer)
            .Add(endpoint =>
            {
                // Pages resolve links against the request's PathBase; under a prefix, make the prefix the base.
                if (prefix.HasValue && endpoint.RequestDelegate is { } page)
                {
                    endpoint.RequestDelegate = context => WithPathBase(context, prefix, page);
                }
            });

        admin.MapPost("/signout", async (HttpContext context) =>
            {
                await context.SignOutAsync(AdminUiAuthentication.SchemeName);
                return Results.Redirect($"{context.Request.PathBase}{prefix}/signin");
            })
            .WithMetadata(new Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute())
            .ExcludeFromDescription();

        admin.MapRulesCheck();
    }

    public static void RecordPrefix(IServiceProvider services, PathString prefix) =>
        services.GetRequiredService<AdminUiPaths>().Prefix = prefix;

    private static async Task WithPathBase(HttpContext context, PathString prefix, RequestDelegate page)
    {
        var (path, pathBase) = (context.Request.Path, context.Request.PathBase);
        if (path.StartsWithSegments(prefix, out var rest))
        {
            context.Request.PathBase = pathBase.Add(prefix);
            context.Request.Path = rest;
        }

        try
        {
            await page(context);
        }
        finally
        {
            (context.Request.Path, context.Request.PathBase) = (path, pathBase);
        }
    }
}
