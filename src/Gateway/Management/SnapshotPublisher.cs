using Gateway.Core.Configuration;
using Gateway.Listeners;
using Microsoft.Extensions.Logging;
using Gateway.Model;

namespace Gateway.Management;

/// <summary>
/// Builds snapshots and makes them the one in force, in order. Knows nothing of where documents
/// come from, so a source (the admin store) can depend on it without a cycle.
/// </summary>
internal sealed partial class SnapshotPublisher(GatewaySnapshotBuilder builder, SnapshotHolder holder, ListenerBinder listeners, ILogger<SnapshotPublisher> logger)
    : IGatewaySnapshotPublisher
{
    private readonly Lock _publishing = new();

    public ValueTask<SnapshotBuildResult> BuildAsync(GatewayConfig config, string version, CancellationToken cancellationToken = default) =>
        builder.BuildAsync(config, version);

    public void Publish(GatewaySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (_publishing)
        {
            holder.Publish(snapshot);
            // Listeners added, removed or changed are (re)bound in the background; the others keep their connections.
            listeners.Request(snapshot.Listeners);
            LogApplied(logger, snapshot.Version, snapshot.Generation, snapshot.Config.Listeners.Count, snapshot.Config.Routes.Count, snapshot.Config.Clusters.Count);
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Applied gateway configuration {Version} (snapshot {Generation}: {Listeners} listeners, {Routes} routes, {Clusters} clusters).", EventName = "ConfigApplied")]
    private static partial void LogApplied(ILogger logger, string version, long generation, int listeners, int routes, int clusters);
}
