using Gateway.Admin.Configuration;
using Gateway.Admin.Hosting;
using Gateway.Tests.Common;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Admin.Tests.Hosting;

/// <summary>Which admin URLs may be bound without TLS (nothing is bound here: Kestrel only records the endpoints).</summary>
public class AdminEndpointTests
{
    [Theory]
    [InlineData("http://127.0.0.1:9090")]
    [InlineData("http://127.0.0.2:9090")]
    [InlineData("http://[::1]:9090")]
    [InlineData("http://localhost:9090")]
    public void LoopbackHttp_IsAccepted_WithoutAWarning(string url)
    {
        var (kestrel, logs) = Kestrel();

        new AdminEndpoint(new AdminOptions { Url = url }, "/").Bind(kestrel);

        Assert.DoesNotContain(logs.Entries.Select(e => e.Message), m => m.Contains("cleartext", StringComparison.Ordinal));
    }

    [Fact]
    public void NonLoopbackHttp_WithAllowInsecureRemote_IsAccepted_WithAWarning()
    {
        var (kestrel, logs) = Kestrel();

        new AdminEndpoint(new AdminOptions { Url = "http://0.0.0.0:9090", AllowInsecureRemote = true }, "/").Bind(kestrel);

        Assert.Contains(logs.Entries.Select(e => e.Message), m => m.Contains("cleartext", StringComparison.Ordinal) && m.Contains("http://0.0.0.0:9090", StringComparison.Ordinal));
    }

    [Fact]
    public void NonLoopbackHttp_IsRefused()
    {
        var (kestrel, _) = Kestrel();

        var refused = Assert.Throws<InvalidOperationException>(() => new AdminEndpoint(new AdminOptions { Url = "http://10.1.2.3:9090" }, "/").Bind(kestrel));

        Assert.Contains("AllowInsecureRemote", refused.Message, StringComparison.Ordinal);
    }

    private static (KestrelServerOptions Kestrel, LogCapture Logs) Kestrel()
    {
        var logs = new LogCapture();
        var services = new ServiceCollection().AddLogging(b => b.AddProvider(logs)).BuildServiceProvider();
        return (new KestrelServerOptions { ApplicationServices = services }, logs);
    }
}
