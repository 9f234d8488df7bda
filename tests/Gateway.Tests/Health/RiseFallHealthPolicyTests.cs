using System.Net;
using System.Net.Sockets;
using Gateway.Health;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Gateway.Tests.Health;

public class RiseFallHealthPolicyTests
{
    private static readonly DestinationState Destination = new("a");

    [Theory]
    [InlineData(HttpStatusCode.OK, null)]
    [InlineData(HttpStatusCode.NoContent, null)]
    [InlineData(HttpStatusCode.Found, null)]
    [InlineData(HttpStatusCode.NotModified, null)]
    [InlineData(HttpStatusCode.NotFound, "HTTP 404")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "HTTP 503")]
    [InlineData(HttpStatusCode.SwitchingProtocols, "HTTP 101")]
    public void Failure_ByStatus_PassesOn2xxAnd3xx(HttpStatusCode status, string? expected)
    {
        using var response = new HttpResponseMessage(status);

        Assert.Equal(expected, RiseFallHealthPolicy.Failure(new DestinationProbingResult(Destination, response, null), TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void Failure_WithoutResponse_SaysWhy()
    {
        var refused = new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused));

        Assert.Equal("timed out after 00:00:02", RiseFallHealthPolicy.Failure(new(Destination, null, new TaskCanceledException()), TimeSpan.FromSeconds(2)));
        Assert.Equal("connection failed: ConnectionRefused", RiseFallHealthPolicy.Failure(new(Destination, null, refused), null));
        Assert.Equal("no response", RiseFallHealthPolicy.Failure(new(Destination, null, null), null));
    }
}
