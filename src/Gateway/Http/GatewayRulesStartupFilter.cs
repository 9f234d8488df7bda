using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Gateway.Http;

/// <summary>Puts the listener rules in front of the host's whole pipeline, ahead of routing.</summary>
internal sealed class GatewayRulesStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<ListenerRulesMiddleware>();
        next(app);
    };
}
