using System.Net;
using Gateway.Admin.Api.Security;
using Gateway.Admin.Security;
using Gateway.Admin.Store.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Gateway.Admin.Telemetry;

/// <summary>
/// Who may read <c>/metrics</c>: any valid admin token (viewer or above), or, without one, a client whose
/// address is in <see cref="TelemetryOptions.ScrapeAllowedAddresses"/> (a Prometheus scraper). The address
/// is the connection's own: a forwarded-for header proves nothing here.
/// </summary>
internal sealed class MetricsScrapeRequirement : IAuthorizationRequirement
{
    public const string Policy = "GatewayAdmin.MetricsScrape";

    public static void Add(AuthorizationOptions options) =>
        options.AddPolicy(Policy, new AuthorizationPolicyBuilder(ApiTokenAuthenticationHandler.SchemeName)
            .AddRequirements(new MetricsScrapeRequirement())
            .Build());
}

internal sealed class MetricsScrapeHandler : AuthorizationHandler<MetricsScrapeRequirement>
{
    private readonly IPNetwork[] _allowed;

    public MetricsScrapeHandler(IOptions<TelemetryOptions> options)
    {
        var networks = new List<IPNetwork>();
        foreach (var text in options.Value.ScrapeAllowedAddresses)
        {
            if (TelemetryOptions.TryParseNetwork(text, out var network))
            {
                networks.Add(network);
            }
        }

        _allowed = [.. networks];
    }

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, MetricsScrapeRequirement requirement)
    {
        if (context.User.IsInRole(AdminRoles.Name(AdminRole.Viewer)) || IsAllowedAddress(context.Resource))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    private bool IsAllowedAddress(object? resource)
    {
        if (_allowed.Length == 0 || resource is not HttpContext http || http.Connection.RemoteIpAddress is not { } address)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var network in _allowed)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
