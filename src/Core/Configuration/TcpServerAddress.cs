namespace Gateway.Core.Configuration;

/// <summary>A server address of the form <c>tcp://host:port</c>, which only TCP listeners forward to.</summary>
public readonly record struct TcpServerAddress(string Host, int Port)
{
    public const string Scheme = "tcp";

    /// <summary>Whether <paramref name="address"/> is meant as a TCP address (it names the tcp scheme), valid or not.</summary>
    public static bool IsTcp(string? address) => address is not null && address.StartsWith("tcp:", StringComparison.OrdinalIgnoreCase);

    public static bool TryParse(string? address, out TcpServerAddress result)
    {
        result = default;
        if (!IsTcp(address)
            || !Uri.TryCreate(address, UriKind.Absolute, out var uri)
            || uri.IsDefaultPort || uri.Port is < 1 or > 65535
            || string.IsNullOrEmpty(uri.Host)
            || uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return false;
        }

        result = new(uri.IdnHost.Trim('[', ']'), uri.Port);
        return true;
    }

    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"tcp://[{Host}]:{Port}" : $"tcp://{Host}:{Port}";
}
