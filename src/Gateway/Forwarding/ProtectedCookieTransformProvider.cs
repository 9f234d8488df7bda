using Gateway.Model;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Gateway.Forwarding;

/// <summary>The Kestrel+YARP path's side of <see cref="ProtectedCookies"/>: every forwarded request loses them.</summary>
internal sealed class ProtectedCookieTransformProvider(IOptions<GatewayOptions> options) : ITransformProvider
{
    private const string CookieHeader = "Cookie";

    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        var names = options.Value.ProtectedCookies;
        if (names.Count == 0)
        {
            return;
        }

        context.AddRequestTransform(transform =>
        {
            var headers = transform.ProxyRequest.Headers;
            if (headers.TryGetValues(CookieHeader, out var values))
            {
                var kept = values.Select(v => ProtectedCookies.Without(v, names)).Where(v => v.Length > 0).ToList();
                headers.Remove(CookieHeader);
                if (kept.Count > 0)
                {
                    headers.TryAddWithoutValidation(CookieHeader, string.Join("; ", kept));
                }
            }

            return ValueTask.CompletedTask;
        });
    }
}
