namespace Gateway.Health;

/// <summary>Cluster and server ids compared as the configuration compares ids: ignoring case.</summary>
internal sealed class ServerKeyComparer : IEqualityComparer<(string Cluster, string Server)>
{
    public static ServerKeyComparer Instance { get; } = new();

    public bool Equals((string Cluster, string Server) x, (string Cluster, string Server) y) =>
        StringComparer.OrdinalIgnoreCase.Equals(x.Cluster, y.Cluster) && StringComparer.OrdinalIgnoreCase.Equals(x.Server, y.Server);

    public int GetHashCode((string Cluster, string Server) obj) =>
        HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Cluster), StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Server));
}
