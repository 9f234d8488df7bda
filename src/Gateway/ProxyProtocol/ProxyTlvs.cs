using System.Text;

namespace Gateway.ProxyProtocol;

/// <summary>Reads a TLV of the connection's PROXY header as text, for the fc_pp_* fetches.</summary>
internal static class ProxyTlvs
{
    public static string? Read(IProxyProtocolFeature? feature, int type) =>
        feature is not null && type is >= 0 and <= 255 && feature.Header.Tlvs.TryGetValue((byte)type, out var value)
            ? Encoding.UTF8.GetString(value)
            : null;
}
