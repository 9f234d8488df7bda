using Gateway.Core.Configuration;
using Gateway.Core.Validation;
using Gateway.Tests.Common;
using Gateway.Tls;
using Microsoft.Extensions.Logging.Abstractions;
using Gateway.Model;

namespace Gateway.Tests.Tls;

public sealed class TlsCertificateLoaderTests
{
    private static readonly TestCertificate First = TestCertificates.Create("first", "first.test");
    private static readonly TestCertificate Second = TestCertificates.Create("second", "second.test");

    [Fact]
    public void Load_CertificateLeftTheConfiguration_IsNotKeptForever()
    {
        var loader = new TlsCertificateLoader(TimeProvider.System, NullLogger<TlsCertificateLoader>.Instance);

        Load(loader, First, Second);
        Load(loader, First);
        Load(loader, First);

        Assert.Equal(["first"], loader.Retained.Order());
    }

    [Fact]
    public void Load_UnchangedCertificate_IsReusedAcrossAPreviewOfAnotherDocument()
    {
        var loader = new TlsCertificateLoader(TimeProvider.System, NullLogger<TlsCertificateLoader>.Instance);

        var committed = Load(loader, First, Second);
        Load(loader, First); // a preview without the second certificate
        var next = Load(loader, First, Second);

        Assert.Same(committed["first"], next["first"]);
        Assert.Same(committed["second"], next["second"]);
    }

    private static Dictionary<string, LoadedCertificate> Load(TlsCertificateLoader loader, params TestCertificate[] certificates)
    {
        var errors = new List<ValidationError>();
        var loaded = loader.Load(new GatewayConfig { Certificates = [.. certificates.Select(c => c.Config)] }, errors);
        Assert.Empty(errors);
        return loaded;
    }
}
