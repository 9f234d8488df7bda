using System.Globalization;
using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Forwarding.SendProxyHeader;

/// <summary>
/// YARP's HTTP client factory plus two cluster settings YARP has no field for, carried in the
/// cluster's metadata: the connect timeout, and send-proxy, whose cluster client hands each
/// request to a connection pool of the client connection it came from.
/// </summary>
internal sealed class GatewayForwarderHttpClientFactory : ForwarderHttpClientFactory
{
    public const string ConnectTimeoutKey = "Gateway.ConnectTimeout";
    public const string SendProxyKey = "Gateway.SendProxy";

    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(5);

    protected override bool CanReuseOldClient(ForwarderHttpClientContext context) =>
        base.CanReuseOldClient(context)
        && Setting(context.OldMetadata, ConnectTimeoutKey) == Setting(context.NewMetadata, ConnectTimeoutKey)
        && Setting(context.OldMetadata, SendProxyKey) == Setting(context.NewMetadata, SendProxyKey);

    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        handler.ConnectTimeout = Setting(context.NewMetadata, ConnectTimeoutKey) is { } timeout
            ? TimeSpan.ParseExact(timeout, "c", CultureInfo.InvariantCulture)
            : DefaultConnectTimeout;
    }

    protected override HttpMessageHandler WrapHandler(ForwarderHttpClientContext context, HttpMessageHandler handler) =>
        Setting(context.NewMetadata, SendProxyKey) is { } version && handler is SocketsHttpHandler sockets
            ? new SendProxyDispatchHandler(sockets, version == "v1" ? 1 : 2)
            : base.WrapHandler(context, handler);

    private static string? Setting(IReadOnlyDictionary<string, string>? metadata, string key) =>
        metadata is not null && metadata.TryGetValue(key, out var value) ? value : null;
}
