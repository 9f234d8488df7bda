using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;

namespace Gateway.Listeners;

/// <summary>
/// Keeps the host's own URLs working. Kestrel ignores <c>urls</c> (<c>--urls</c>,
/// <c>ASPNETCORE_URLS</c>) as soon as any endpoint is bound in code, which the gateway's
/// listeners are; so the host's URLs are bound here too, as Kestrel would have bound them.
/// Kestrel still logs "Overriding address(es)": the addresses named there stay bound.
/// </summary>
internal sealed class HostUrlsBinder(IConfiguration configuration)
{
    public void Bind(KestrelServerOptions options)
    {
        var urls = configuration[WebHostDefaults.ServerUrlsKey];
        if (string.IsNullOrWhiteSpace(urls))
        {
            return;
        }

        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var address = BindingAddress.Parse(url);
            Action<ListenOptions> configure = address.Scheme.Equals("https", StringComparison.OrdinalIgnoreCase)
                ? listenOptions => listenOptions.UseHttps()
                : _ => { };

            if (address.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
            {
                options.ListenLocalhost(address.Port, configure);
            }
            else if (IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip))
            {
                options.Listen(ip, address.Port, configure);
            }
            else
            {
                options.ListenAnyIP(address.Port, configure);
            }
        }
    }
}
