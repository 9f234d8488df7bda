using System.Net;
using System.Text;

namespace Gateway.ProxyProtocol;

/// <summary>
/// What a PROXY protocol header said about the connection: who the client really is and which
/// address it connected to, plus (version 2) the TLVs a load balancer in front attached.
/// </summary>
/// <param name="Version">1 (text) or 2 (binary).</param>
/// <param name="IsLocal">
/// A version 2 LOCAL command (health checks from the proxy itself) or a v1 UNKNOWN line: the
/// connection's own addresses stand.
/// </param>
public sealed record ProxyHeader(int Version, bool IsLocal, IPEndPoint? Source, IPEndPoint? Destination)
{
    /// <summary>Version 2 type-length-values, by type (<see cref="ProxyTlvTypes"/>).</summary>
    public IReadOnlyDictionary<byte, byte[]> Tlvs { get; init; } = new Dictionary<byte, byte[]>();

    /// <summary>The ALPN protocol the client negotiated with the proxy in front, e.g. <c>h2</c>.</summary>
    public string? Alpn => Text(ProxyTlvTypes.Alpn);

    /// <summary>The host name the client asked for (SNI) at the proxy in front.</summary>
    public string? Authority => Text(ProxyTlvTypes.Authority);

    /// <summary>Whether the client's connection to the proxy in front used TLS (the SSL TLV's client bit); null without an SSL TLV.</summary>
    public bool? ClientUsedTls => Tlvs.TryGetValue(ProxyTlvTypes.Ssl, out var ssl) ? ssl.Length >= 1 && (ssl[0] & 0x01) != 0 : null;

    private string? Text(byte type) => Tlvs.TryGetValue(type, out var value) ? Encoding.UTF8.GetString(value) : null;
}

/// <summary>TLV types of PROXY protocol version 2 that fetches read (0x21–0x25: sub-TLVs of the SSL TLV).</summary>
internal static class ProxyTlvTypes
{
    public const byte Alpn = 0x01;
    public const byte Authority = 0x02;
    public const byte Crc32c = 0x03;
    public const byte NoOp = 0x04;
    public const byte UniqueId = 0x05;
    public const byte Ssl = 0x20;
    public const byte SslVersion = 0x21;
    public const byte SslCommonName = 0x22;
    public const byte SslCipher = 0x23;
    public const byte SslSignatureAlgorithm = 0x24;
    public const byte SslKeyAlgorithm = 0x25;
    public const byte NetNamespace = 0x30;
}
