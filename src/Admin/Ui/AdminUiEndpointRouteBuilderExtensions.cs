using Gateway.Admin.Ui.Security;
using Gateway.Admin.Ui.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
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
            .AddInteractiveServerRenderMode()
            .RequireAuthorization(AdminUiPolicies.Viewer)
            .Add(endpoint =>
            {
                // Blazor's own script (_framework/blazor.web.js) is on every page, the sign-in page included.
                if (endpoint is RouteEndpointBuilder { RoutePattern.RawText: { } template } && template.Contains("_framework/", StringComparison.Ordinal))
                {
                    endpoint.Metadata.Add(new Microsoft.AspNetCore.Authorization.AllowAnonymousAttribute());
                }

                // A malformed query parameter is the client's mistake: 400 with a sentence, not the 500 Blazor's binding gives.
                if (endpoint.RequestDelegate is { } render && QueryParameterCheck.ComponentOf(endpoint) is { } component)
                {
                    endpoint.RequestDelegate = QueryParameterCheck.Wrap(render, component);
                }

                // Pages resolve links against the request's PathBase; under a prefix, make the prefix the base.
                if (prefix.HasValue && endpoint.RequestDelegate is { } page)
                {
                    endpoint.RequestDelegate = context => WithPathBase(context, prefix, page);
                }
            });

        admin.MapPost("/signout", async (HttpContext context, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery) =>
            {
                // The antiforgery middleware only records its verdict; an endpoint that binds no form must read it
                // itself. Without this, any site could sign a user out with a cross-site form post.
                var verdict = context.Features.Get<Microsoft.AspNetCore.Antiforgery.IAntiforgeryValidationFeature>();
                if (!(verdict?.IsValid ?? await antiforgery.IsRequestValidAsync(context)))
                {
                    return Results.BadRequest("The sign-out form has expired or did not come from the admin pages; reload the page and sign out again.");
                }

                // With the server-side session store, this deletes the session: copies of the cookie stop working too.
                await context.SignOutAsync(AdminUiAuthentication.SchemeName);
                return Results.Redirect($"{context.Request.PathBase}{prefix}/signin");
            })
            .WithMetadata(new Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute())
            // The policy authenticates the cookie before the antiforgery check, whose token is bound to the signed-in
            // user: without it the request's user is anonymous and no token from a signed-in page validates.
            .RequireAuthorization(AdminUiPolicies.Viewer)
            .ExcludeFromDescription();

        admin.MapRulesCheck();
    }

    public static void RecordPrefix(IServiceProvider services, PathString prefix) =>
        services.GetRequiredService<AdminUiPaths>().Prefix = prefix;

    private static async Task WithPathBase(HttpContext context, PathString prefix, RequestDelegate page)
    {
        var (path, pathBase, endpoint) = (context.Request.Path, context.Request.PathBase, context.GetEndpoint());
        if (path.StartsWithSegments(prefix, out var rest))
        {
            context.Request.PathBase = pathBase.Add(prefix);
            context.Request.Path = rest;
        }

        // Blazor's router looks the page up by the endpoint's route template, which the group prefixed.
        if (endpoint is RouteEndpoint routed)
        {
            context.SetEndpoint(Unprefixed.GetValue(routed, e => WithoutPrefix(e, prefix)));
        }

        try
        {
            await page(context);
        }
        finally
        {
            (context.Request.Path, context.Request.PathBase) = (path, pathBase);
            context.SetEndpoint(endpoint);
        }
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<RouteEndpoint, RouteEndpoint> Unprefixed = [];

    private static RouteEndpoint WithoutPrefix(RouteEndpoint endpoint, PathString prefix)
    {
        var template = endpoint.RoutePattern.RawText ?? "/";
        var own = template.StartsWith(prefix.Value!, StringComparison.OrdinalIgnoreCase) ? template[prefix.Value!.Length..] : template;
        return new RouteEndpoint(endpoint.RequestDelegate!, RoutePatternFactory.Parse(own.Length == 0 ? "/" : own), endpoint.Order, endpoint.Metadata, endpoint.DisplayName);
    }
}
