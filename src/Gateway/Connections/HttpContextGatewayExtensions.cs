using Gateway.Connections;

namespace Microsoft.AspNetCore.Http;

public static class HttpContextGatewayExtensions
{
    /// <summary>True when the request arrived on a gateway listener rather than on one of the host's own addresses.</summary>
    public static bool IsGatewayRequest(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<IGatewayListenerFeature>() is not null;
    }
}
