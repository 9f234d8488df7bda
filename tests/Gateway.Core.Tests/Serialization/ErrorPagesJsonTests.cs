using Gateway.Core.Configuration;
using Gateway.Core.Serialization;
using Gateway.Core.Validation;

namespace Gateway.Core.Tests.Serialization;

public class ErrorPagesJsonTests
{
    [Fact]
    public void ErrorPages_RoundTrip_SortedByStatus()
    {
        var config = new GatewayConfig
        {
            Listeners = [new() { Id = "web", Address = "127.0.0.1:80", ErrorPages = [new(503, "<p>later</p>"), new(403, "{}", "application/problem+json")] }],
        };

        var json = CanonicalJson.Serialize(config);

        Assert.True(json.IndexOf("\"status\": 403", StringComparison.Ordinal) < json.IndexOf("\"status\": 503", StringComparison.Ordinal));
        Assert.True(CanonicalJson.TryParse(json, out var back, out var errors), string.Join("; ", errors));
        Assert.Equal(json, CanonicalJson.Serialize(back!));
        Assert.Equal([403, 503], back!.Listeners[0].ErrorPages.Select(p => p.Status));
    }

    [Theory]
    [InlineData(302, "<p/>", null, "listeners[web].errorPages[302]", "400 to 599")]
    [InlineData(403, "<p/>", "not a type", "listeners[web].errorPages[403].contentType", "is not a media type")]
    public void ErrorPages_Invalid_AreRefusedAtTheirPath(int status, string body, string? contentType, string path, string message)
    {
        var config = new GatewayConfig { Listeners = [new() { Id = "web", Address = "127.0.0.1:80", ErrorPages = [new(status, body, contentType)] }] };

        var error = Assert.Single(ConfigValidator.Validate(config));

        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ErrorPages_TwoForOneStatus_AreRefused()
    {
        var config = new GatewayConfig { Listeners = [new() { Id = "web", Address = "127.0.0.1:80", ErrorPages = [new(403, "a"), new(403, "b")] }] };

        Assert.Contains(ConfigValidator.Validate(config), e => e.Message.Contains("two error pages", StringComparison.Ordinal));
    }
}
