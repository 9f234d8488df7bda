using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace Gateway.Connections;

/// <summary>
/// A listener's minimum request body rate for one HTTP connection, applied to each of its HTTP/1.1 requests through
/// Kestrel's per-request <see cref="IHttpMinRequestBodyDataRateFeature"/> (Kestrel's own server-wide rate is one
/// setting for every listener). Kestrel then answers a client that sends its body slower than the rate, after the
/// grace period, with 408 and closes the connection. HTTP/2 refuses a per-request rate, so those requests keep the
/// server-wide one. The HTTP/1.1 core reads <see cref="BytesPerSecond"/> and <see cref="Grace"/> and applies the same rule itself.
/// </summary>
internal sealed class RequestBodyRateLimit(int bytesPerSecond, TimeSpan grace)
{
    private readonly MinDataRate? _rate = bytesPerSecond > 0 ? new MinDataRate(bytesPerSecond, grace) : null;

    /// <summary>The minimum rate; 0 when off.</summary>
    public int BytesPerSecond { get; } = Math.Max(0, bytesPerSecond);

    public TimeSpan Grace { get; } = grace;

    public void Apply(HttpContext context)
    {
        if (HttpProtocol.IsHttp11(context.Request.Protocol) && context.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } feature)
        {
            feature.MinDataRate = _rate;
        }
    }
}
