using System.Security.Authentication;
using Microsoft.AspNetCore.Connections.Features;

namespace Gateway.Explain;

/// <summary>The TLS facts a described request claims: that it came over TLS, and with which server name.</summary>
internal sealed class TlsHandshakeDescription(string? hostName) : ITlsHandshakeFeature
{
    public SslProtocols Protocol => SslProtocols.Tls13;

    public string HostName => hostName ?? "";

#pragma warning disable SYSLIB0058 // Obsolete members that the interface still requires.
    public CipherAlgorithmType CipherAlgorithm => CipherAlgorithmType.None;

    public int CipherStrength => 0;

    public HashAlgorithmType HashAlgorithm => HashAlgorithmType.None;

    public int HashStrength => 0;

    public ExchangeAlgorithmType KeyExchangeAlgorithm => ExchangeAlgorithmType.None;

    public int KeyExchangeStrength => 0;
#pragma warning restore SYSLIB0058
}
