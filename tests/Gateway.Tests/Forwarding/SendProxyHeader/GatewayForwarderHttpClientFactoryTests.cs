using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Gateway.Forwarding.SendProxyHeader;

namespace Gateway.Tests.Forwarding.SendProxyHeader;

public class GatewayForwarderHttpClientFactoryTests
{
    private static ForwarderHttpClientContext Context(HttpMessageInvoker? old, Dictionary<string, string>? oldMetadata, Dictionary<string, string>? newMetadata) => new()
    {
        ClusterId = "c",
        OldClient = old,
        OldConfig = HttpClientConfig.Empty,
        NewConfig = HttpClientConfig.Empty,
        OldMetadata = oldMetadata,
        NewMetadata = newMetadata,
    };

    [Fact]
    public void A_client_is_reused_until_the_connect_timeout_or_send_proxy_changes()
    {
        var factory = new GatewayForwarderHttpClientFactory();
        var timeout = new Dictionary<string, string> { [GatewayForwarderHttpClientFactory.ConnectTimeoutKey] = "00:00:02" };
        using var first = factory.CreateClient(Context(null, null, timeout));

        Assert.Same(first, factory.CreateClient(Context(first, timeout, new(timeout))));

        using var longer = factory.CreateClient(Context(first, timeout, new() { [GatewayForwarderHttpClientFactory.ConnectTimeoutKey] = "00:00:03" }));
        using var sendProxy = factory.CreateClient(Context(first, timeout, new(timeout) { [GatewayForwarderHttpClientFactory.SendProxyKey] = "v2" }));
        Assert.NotSame(first, longer);
        Assert.NotSame(first, sendProxy);
    }

    [Fact]
    public async Task A_send_proxy_client_refuses_a_request_that_came_from_no_client_connection()
    {
        var factory = new GatewayForwarderHttpClientFactory();
        using var client = factory.CreateClient(Context(null, null, new() { [GatewayForwarderHttpClientFactory.SendProxyKey] = "v1" }));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:9/"), CancellationToken.None));

        Assert.Contains("PROXY header", error.Message, StringComparison.Ordinal);
    }
}
