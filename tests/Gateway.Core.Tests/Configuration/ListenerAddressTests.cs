using System.Net;
using Gateway.Core.Configuration;

namespace Gateway.Core.Tests.Configuration;

public class ListenerAddressTests
{
    [Theory]
    [InlineData("127.0.0.1:8080", ListenerHostKind.IPAddress, "127.0.0.1", 8080)]
    [InlineData("0.0.0.0:80", ListenerHostKind.IPAddress, "0.0.0.0", 80)]
    [InlineData("[::1]:8443", ListenerHostKind.IPAddress, "::1", 8443)]
    [InlineData("127.0.0.1:0", ListenerHostKind.IPAddress, "127.0.0.1", 0)]
    [InlineData("*:8080", ListenerHostKind.Any, null, 8080)]
    [InlineData("LOCALHOST:5000", ListenerHostKind.Localhost, null, 5000)]
    public void TryParse_ValidAddress_Parses(string text, ListenerHostKind kind, string? ip, int port)
    {
        Assert.True(ListenerAddress.TryParse(text, out var address));
        Assert.Equal(kind, address.Kind);
        Assert.Equal(ip is null ? null : IPAddress.Parse(ip), address.IPAddress);
        Assert.Equal(port, address.Port);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:")]
    [InlineData(":8080")]
    [InlineData("::1:8080")]
    [InlineData("[127.0.0.1]:80")]
    [InlineData("127.1:80")]
    [InlineData("example.com:80")]
    [InlineData("127.0.0.1:65536")]
    [InlineData("127.0.0.1:-1")]
    [InlineData("127.0.0.1:+80")]
    [InlineData("127.0.0.1:80a")]
    public void TryParse_InvalidAddress_Fails(string? text)
    {
        Assert.False(ListenerAddress.TryParse(text, out _));
    }

    [Theory]
    [InlineData("127.0.0.1:8080")]
    [InlineData("[::1]:8080")]
    [InlineData("*:8080")]
    [InlineData("localhost:8080")]
    public void ToString_RoundTrips(string text)
    {
        Assert.True(ListenerAddress.TryParse(text, out var address));
        Assert.Equal(text, address.ToString());
    }
}
