using System.Net;
using System.Text.Json.Nodes;
using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.Tests.Common;

namespace Gateway.EndToEnd.Tests.Standalone;

/// <summary>The admin site is plain HTTP on loopback only; elsewhere it needs TLS, from a certificate file, or an explicit opt-out.</summary>
public class AdminTlsTests
{
    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://*:0")]
    [InlineData("http://[::]:0")]
    public async Task NonLoopbackAdminUrl_WithoutTls_IsRefusedAtStart(string url)
    {
        using var root = new TempDirectory();

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => StandaloneGateway.StartAsync(root.Path, WithAdmin(url)));

        var message = Messages(refused);
        Assert.Contains("cleartext", message, StringComparison.Ordinal);
        Assert.Contains("Gateway:Admin:AllowInsecureRemote", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpsAdminUrl_ServesTheAdminSiteWithTheCertificateFromAFile_AndItsCookiesAreSecure()
    {
        using var root = new TempDirectory();
        var certificate = TestCertificates.Create("admin", "localhost");
        await File.WriteAllTextAsync(Path.Combine(root.Path, "admin.crt"), certificate.CertificatePem);
        await File.WriteAllTextAsync(Path.Combine(root.Path, "admin.key"), certificate.KeyPem);
        await using var gateway = await StandaloneGateway.StartAsync(root.Path, WithAdmin("https://127.0.0.1:0", new JsonObject { ["Path"] = "admin.crt", ["KeyPath"] = "admin.key" }));
        string? presented = null;
        using var client = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => (presented = cert?.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256)) == certificate.Thumbprint },
        });

        using var signIn = await client.GetAsync(gateway.AdminUrl("/signin"));

        Assert.Equal("https", gateway.AdminUrl().Scheme);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal(certificate.Thumbprint, presented);
        Assert.All(signIn.Headers.GetValues("Set-Cookie"), cookie => Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task HttpsAdminUrl_WithoutACertificate_IsRefusedAtStart_SayingWhatToSet()
    {
        using var root = new TempDirectory();

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => StandaloneGateway.StartAsync(root.Path, WithAdmin("https://127.0.0.1:0")));

        Assert.Contains("Gateway:Admin:Certificate:Path", Messages(refused), StringComparison.Ordinal);
    }

    private static string WithAdmin(string url, JsonObject? certificate = null)
    {
        var settings = JsonNode.Parse(Settings.Json())!;
        settings["Gateway"]!["Admin"]!["Url"] = url;
        if (certificate is not null)
        {
            settings["Gateway"]!["Admin"]!["Certificate"] = certificate;
        }

        return settings.ToJsonString();
    }

    private static string Messages(Exception? exception)
    {
        var messages = new List<string>();
        for (; exception is not null; exception = exception.InnerException)
        {
            messages.Add(exception.Message);
            if (exception is AggregateException aggregate)
            {
                messages.AddRange(aggregate.InnerExceptions.Select(Messages));
            }
        }

        return string.Join(" | ", messages);
    }
}
