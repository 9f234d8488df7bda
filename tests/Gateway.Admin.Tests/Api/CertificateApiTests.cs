using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Listeners;
using Gateway.Tests.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Admin.Tests.Api;

/// <summary>
/// Certificates through the admin API of a standalone host whose appsettings give listener "tls" a
/// certificate from files: reads show metadata and never a key, writes change what new handshakes get.
/// </summary>
public sealed class CertificateApiTests : IAsyncLifetime
{
    private static readonly TestCertificate Site = TestCertificates.Create("site", "www.example.com");
    private readonly TempDirectory _root = new();
    private BackendServer _backend = null!;
    private ApiHost _host = null!;

    public async Task InitializeAsync()
    {
        _backend = await BackendServer.StartAsync("b");
        await File.WriteAllTextAsync(Path.Combine(_root.Path, "site.crt"), Site.CertificatePem);
        await File.WriteAllTextAsync(Path.Combine(_root.Path, "site.key"), Site.KeyPem);
        _host = await ApiHost.StartAsync(_backend, root: _root.Path, args:
        [
            "--Gateway:Listeners:tls:Address=127.0.0.1:0",
            "--Gateway:Listeners:tls:Protocols=http1,http2",
            "--Gateway:Listeners:tls:Certificates=site",
            "--Gateway:Certificates:site:CertificateFile=site.crt",
            "--Gateway:Certificates:site:KeyFile=site.key",
        ]);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _backend.DisposeAsync();
        _root.Dispose();
    }

    private Uri TlsListener => _host.Services.GetRequiredService<IGatewayListeners>().GetUrl("tls");

    private static StringContent Certificate(TestCertificate certificate, string? id = null, bool key = true) =>
        ApiHost.Json(new { id, certificate = certificate.CertificatePem, key = key ? certificate.KeyPem : null });

    [Fact]
    public async Task Certificates_ReadMetadataNeverTheKey_AndAReplacementIsServedWithoutRestart()
    {
        Assert.Equal(Site.Thumbprint, await PresentedAsync("www.example.com"));

        using var list = await _host.Admin.GetAsync("certificates");
        var listed = Assert.Single((await ApiHost.ReadJsonAsync(list)).AsArray())!;
        Assert.Equal("site", listed["id"]!.GetValue<string>());
        Assert.Equal(Site.Thumbprint, listed["thumbprint"]!.GetValue<string>());
        Assert.Equal(["www.example.com"], listed["hostNames"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("CN=www.example.com", listed["subject"]!.GetValue<string>());
        Assert.False(listed["expired"]!.GetValue<bool>());
        Assert.Null(listed["key"]);

        var renewed = TestCertificates.Create("site", "www.example.com", "example.com");
        using var replaced = await _host.SendAsync(HttpMethod.Put, "certificates/site", Certificate(renewed));
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var body = await replaced.Content.ReadAsStringAsync();
        Assert.Contains(renewed.Thumbprint, body, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", body, StringComparison.Ordinal);
        Assert.Equal(renewed.Thumbprint, await PresentedAsync("www.example.com"));

        var expired = TestCertificates.Create("old", DateTimeOffset.UtcNow.AddDays(-60), DateTimeOffset.UtcNow.AddDays(-1), "old.example.com");
        using var created = await _host.SendAsync(HttpMethod.Post, "certificates", Certificate(expired, "old"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.True((await ApiHost.ReadJsonAsync(created))["expired"]!.GetValue<bool>());

        // A second certificate on the same listener, chosen by SNI, in one batch with the listener change.
        var api = TestCertificates.Create("api", "*.api.example.com");
        using var batch = await _host.SendAsync(HttpMethod.Post, "batch", ApiHost.Json(new
        {
            operations = new object[]
            {
                new { op = "create", collection = "certificates", value = new { id = "api", certificate = api.CertificatePem, key = api.KeyPem } },
                new { op = "patch", collection = "listeners", id = "tls", value = new { certificates = new[] { "site", "api" } } },
            },
        }));
        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        Assert.Equal(api.Thumbprint, await PresentedAsync("v1.api.example.com"));
        Assert.Equal(renewed.Thumbprint, await PresentedAsync(null));

        await AssertNoKeyAnywhereAsync(Site, renewed, expired, api);
    }

    [Fact]
    public async Task BadCertificates_AreRefusedWithTheFieldAtFault_AndChangeNothing()
    {
        var revision = _host.Revision;
        var other = TestCertificates.Create("other", "other.example.com");

        using var garbled = await _host.SendAsync(HttpMethod.Post, "certificates", ApiHost.Json(new { id = "bad", certificate = "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n", key = other.KeyPem }));
        Assert.Equal("certificates[bad].certificate", ProblemAssert.Errors(await ProblemAssert.IsAsync(HttpStatusCode.UnprocessableEntity, garbled)).Single().Path);

        using var mismatched = await _host.SendAsync(HttpMethod.Post, "certificates", ApiHost.Json(new { id = "mixed", certificate = other.CertificatePem, key = Site.KeyPem }));
        var mismatch = ProblemAssert.Errors(await ProblemAssert.IsAsync(HttpStatusCode.UnprocessableEntity, mismatched)).Single();
        Assert.Equal("certificates[mixed].key", mismatch.Path);
        Assert.Contains("does not belong to this certificate", mismatch.Message, StringComparison.Ordinal);

        using var keyless = await _host.SendAsync(HttpMethod.Post, "certificates", Certificate(other, "other", key: false));
        var noKey = ProblemAssert.Errors(await ProblemAssert.IsAsync(HttpStatusCode.UnprocessableEntity, keyless)).Single();
        Assert.Equal("certificates[other].key", noKey.Path);
        Assert.Contains(other.Thumbprint, noKey.Message, StringComparison.Ordinal);

        using var unknown = await _host.SendAsync(HttpMethod.Patch, "listeners/tls", ApiHost.Json("""{ "certificates": ["site", "nope"] }""", "application/merge-patch+json"));
        var dangling = ProblemAssert.Errors(await ProblemAssert.IsAsync(HttpStatusCode.UnprocessableEntity, unknown)).Single();
        Assert.Equal(("listeners[tls].certificates[1]", "Certificate 'nope' does not exist; add it or name one of: 'site'."), dangling);

        using var inUse = await _host.SendAsync(HttpMethod.Delete, "certificates/site");
        Assert.Equal(("certificates[site]", "Certificate \"site\" is used by listener \"tls\"; change or delete it first."),
            ProblemAssert.Errors(await ProblemAssert.IsAsync(HttpStatusCode.UnprocessableEntity, inUse)).Single());

        Assert.Equal(revision, _host.Revision);
        Assert.Equal(Site.Thumbprint, await PresentedAsync("www.example.com"));
        await AssertNoKeyAnywhereAsync(Site, other);
    }

    [Fact]
    public async Task Rewind_ToTheRevisionWithTheOlderCertificate_ServesItAgain()
    {
        var before = _host.Revision;
        var renewed = TestCertificates.Create("site", "www.example.com");
        using var replaced = await _host.SendAsync(HttpMethod.Put, "certificates/site", Certificate(renewed));
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal(renewed.Thumbprint, await PresentedAsync("www.example.com"));

        using var rewound = await _host.SendAsync(HttpMethod.Post, $"revisions/{before}/rewind", content: null);

        Assert.Equal(HttpStatusCode.OK, rewound.StatusCode);
        Assert.Equal(Site.Thumbprint, await PresentedAsync("www.example.com"));
        using var exported = await _host.Admin.GetAsync("config");
        Assert.Equal(HttpStatusCode.OK, exported.StatusCode);
        using var reimported = await _host.SendAsync(HttpMethod.Put, "config", ApiHost.Json(await exported.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.OK, reimported.StatusCode);
    }

    /// <summary>No API answer about the configuration, and no byte of the database, holds any of the keys.</summary>
    private async Task AssertNoKeyAnywhereAsync(params TestCertificate[] certificates)
    {
        var latest = _host.Revision;
        var answers = new StringBuilder();
        foreach (var path in new[] { "config", "certificates", "certificates/site", "listeners", "revisions", $"revisions/{latest}", $"revisions/diff?from=1&to={latest}" })
        {
            using var response = await _host.Admin.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            answers.Append(await response.Content.ReadAsStringAsync());
        }

        using var yaml = new HttpRequestMessage(HttpMethod.Get, "config");
        yaml.Headers.Accept.ParseAdd("application/yaml");
        using var yamlResponse = await _host.Admin.SendAsync(yaml);
        answers.Append(await yamlResponse.Content.ReadAsStringAsync());

        SqliteConnection.ClearAllPools();
        var stored = string.Concat(Directory.GetFiles(Path.Combine(_root.Path, "data"), "gateway.db*").Select(f => Encoding.Latin1.GetString(File.ReadAllBytes(f))));
        var text = answers.ToString();
        Assert.Contains(certificates[0].Thumbprint, stored, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", text, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", stored, StringComparison.Ordinal);
        foreach (var certificate in certificates)
        {
            // JSON escapes PEM line breaks, so look for the key's base64 lines as well as its whole body.
            Assert.DoesNotContain(certificate.KeyLine, text, StringComparison.Ordinal);
            Assert.DoesNotContain(certificate.KeyLine, stored, StringComparison.Ordinal);
            Assert.DoesNotContain(certificate.KeyBody, stored, StringComparison.Ordinal);
        }
    }

    private async Task<string> PresentedAsync(string? serverName)
    {
        var listener = TlsListener;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(listener.Host, listener.Port);
        await using var tls = new SslStream(tcp.GetStream());
        // Self-signed certificates made by the test; which one is presented is what is checked.
#pragma warning disable CA5359
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = serverName ?? listener.Host, RemoteCertificateValidationCallback = (_, _, _, _) => true });
#pragma warning restore CA5359
        return Convert.ToHexString(SHA256.HashData(tls.RemoteCertificate!.GetRawCertData()));
    }
}
