using System.Net;
using System.Security.Cryptography.X509Certificates;
using Gateway.Admin.Configuration;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Admin.Hosting;

/// <summary>
/// The admin host's own Kestrel endpoint, and the URL it ended up on. Plain HTTP is for loopback: an admin URL on
/// any other address needs TLS (<see cref="AdminOptions.Certificate"/>), or an explicit
/// <see cref="AdminOptions.AllowInsecureRemote"/>, which is warned about at every start.
/// </summary>
internal sealed partial class AdminEndpoint(AdminOptions options, string contentRoot)
{
    private ListenOptions? _listenOptions;
    private readonly string _url = options.Url;

    public void Bind(KestrelServerOptions kestrel)
    {
        var address = BindingAddress.Parse(_url);
        var https = address.Scheme switch
        {
            "http" => false,
            "https" => true,
            _ => throw new InvalidOperationException($"Gateway:Admin:Url '{_url}' must be an http:// or https:// URL."),
        };

        var loopback = address.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(address.Host.Trim('[', ']'), out var parsed) && IPAddress.IsLoopback(parsed));
        if (!https && !loopback)
        {
            if (!options.AllowInsecureRemote)
            {
                throw new InvalidOperationException(
                    $"Gateway:Admin:Url '{_url}' is not a loopback address, and plain HTTP would send passwords, session cookies and API tokens "
                    + "across the network in cleartext. Use an https:// URL with Gateway:Admin:Certificate, or bind the admin site to 127.0.0.1; "
                    + "to accept cleartext anyway (a trusted network, or TLS ended by a proxy in front), set Gateway:Admin:AllowInsecureRemote to true.");
            }

            LogInsecure(kestrel.ApplicationServices.GetRequiredService<ILogger<AdminEndpoint>>(), _url);
        }

        var certificate = https ? LoadCertificate() : null;
        Action<ListenOptions> configure = listen =>
        {
            _listenOptions = listen;
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        };

        if (address.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(address.Port, configure);
        }
        else if (IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip))
        {
            kestrel.Listen(ip, address.Port, configure);
        }
        else if (address.Host is "*" or "+" or "0.0.0.0")
        {
            kestrel.ListenAnyIP(address.Port, configure);
        }
        else
        {
            throw new InvalidOperationException($"Gateway:Admin:Url '{_url}' must name an IP address or localhost, e.g. http://127.0.0.1:9090.");
        }
    }

    public string BoundUrl => _listenOptions?.IPEndPoint is { } endpoint
        ? $"{(_url.StartsWith("https:", StringComparison.OrdinalIgnoreCase) ? "https" : "http")}://{endpoint}/"
        : _url;

    private X509Certificate2 LoadCertificate()
    {
        var settings = options.Certificate;
        if (!string.IsNullOrWhiteSpace(settings.Thumbprint))
        {
            return FromStore(settings);
        }

        if (string.IsNullOrWhiteSpace(settings.Path))
        {
            throw new InvalidOperationException(
                $"Gateway:Admin:Url '{_url}' is https://: set Gateway:Admin:Certificate:Path (a PEM or PKCS#12 file) or Gateway:Admin:Certificate:Thumbprint (a certificate in the X.509 store).");
        }

        var path = Path.GetFullPath(settings.Path, contentRoot);
        try
        {
            if (Path.GetExtension(path).ToLowerInvariant() is ".pfx" or ".p12")
            {
                return X509CertificateLoader.LoadPkcs12FromFile(path, settings.Password);
            }

            var key = settings.KeyPath is null ? null : Path.GetFullPath(settings.KeyPath, contentRoot);
            var pem = settings.Password is null
                ? X509Certificate2.CreateFromPemFile(path, key)
                : X509Certificate2.CreateFromEncryptedPemFile(path, settings.Password, key);
            // Kestrel needs a key it can use for the handshake; an ephemeral PEM key is not one on every platform.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or IOException or ArgumentException)
        {
            throw new InvalidOperationException($"Gateway:Admin:Certificate:Path '{path}' could not be read as a certificate with its private key: {ex.Message}", ex);
        }
    }

    private static X509Certificate2 FromStore(AdminCertificateOptions settings)
    {
        if (!Enum.TryParse<StoreName>(settings.StoreName, ignoreCase: true, out var name) || !Enum.TryParse<StoreLocation>(settings.StoreLocation, ignoreCase: true, out var location))
        {
            throw new InvalidOperationException($"Gateway:Admin:Certificate: store '{settings.StoreLocation}/{settings.StoreName}' is not an X.509 store (e.g. CurrentUser/My).");
        }

        using var store = new X509Store(name, location);
        store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
        var found = store.Certificates.Find(X509FindType.FindByThumbprint, settings.Thumbprint!.Replace(" ", "", StringComparison.Ordinal), validOnly: false);
        return found.FirstOrDefault(c => c.HasPrivateKey)
            ?? throw new InvalidOperationException($"Gateway:Admin:Certificate:Thumbprint {settings.Thumbprint}: no certificate with a private key in {location}/{name}.");
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "The admin site at {Url} is not on loopback and has no TLS (Gateway:Admin:AllowInsecureRemote is set): passwords, session cookies and API tokens cross the network in cleartext.")]
    private static partial void LogInsecure(ILogger logger, string url);
}
