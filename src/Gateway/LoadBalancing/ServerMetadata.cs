using System.Globalization;
using Gateway.Core.Configuration;
using Yarp.ReverseProxy.Configuration;

namespace Gateway.LoadBalancing;

/// <summary>
/// What YARP's destinations carry of our servers (weight, backup, state) in their metadata, so
/// that a change to one of them is a change YARP sees, and so that our policies can read them.
/// Defaults are left out: an ordinary server has no metadata.
/// </summary>
internal static class ServerMetadata
{
    public const string WeightKey = "Gateway.Weight";
    public const string BackupKey = "Gateway.Backup";
    public const string StateKey = "Gateway.State";

    public static Dictionary<string, string>? For(ServerConfig server)
    {
        if (server.Weight == ServerConfig.DefaultWeight && !server.Backup && server.State == ServerState.Ready)
        {
            return null;
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (server.Weight != ServerConfig.DefaultWeight)
        {
            metadata[WeightKey] = server.Weight.ToString(CultureInfo.InvariantCulture);
        }

        if (server.Backup)
        {
            metadata[BackupKey] = "true";
        }

        if (server.State != ServerState.Ready)
        {
            metadata[StateKey] = server.State.ToString().ToLowerInvariant();
        }

        return metadata;
    }

    public static int Weight(DestinationConfig destination) =>
        destination.Metadata?.TryGetValue(WeightKey, out var text) == true && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var weight)
            ? weight
            : ServerConfig.DefaultWeight;

    public static bool IsBackup(DestinationConfig destination) => destination.Metadata?.ContainsKey(BackupKey) == true;

    /// <summary>Ready servers take new traffic; draining ones are kept as destinations so requests in flight and health stay visible.</summary>
    public static bool IsReady(DestinationConfig destination) => destination.Metadata?.ContainsKey(StateKey) != true;
}
