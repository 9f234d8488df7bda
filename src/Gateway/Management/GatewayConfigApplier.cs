using Gateway.Core.Sources;
using Microsoft.Extensions.Logging;
using Gateway.Model;

namespace Gateway.Management;

/// <summary>
/// Turns documents from the <see cref="IConfigSource"/> into published snapshots: once at
/// start-up (where an invalid document stops the host), and on every change signal after that
/// (where an invalid document is logged with all its errors and the running snapshot stays).
/// </summary>
internal sealed partial class GatewayConfigApplier(
    IConfigSource source,
    SnapshotPublisher publisher,
    SnapshotHolder holder,
    ILogger<GatewayConfigApplier> logger)
{
    private readonly Lock _applying = new();

    /// <summary>Loads and publishes the first snapshot, unless one was published already (a source may publish its own).</summary>
    /// <exception cref="GatewayConfigurationException">The source's document is invalid.</exception>
    public GatewaySnapshot EnsureStarted()
    {
        var current = holder.Current;
        if (!ReferenceEquals(current, GatewaySnapshot.Empty))
        {
            return current;
        }

        lock (_applying)
        {
            if (ReferenceEquals(holder.Current, GatewaySnapshot.Empty))
            {
                var load = source.Load();
                if (!ReferenceEquals(holder.Current, GatewaySnapshot.Empty))
                {
                    // Loading published a snapshot itself (a store seeding itself commits, and commits publish).
                    return holder.Current;
                }

                var result = Build(load);
                if (!result.Succeeded)
                {
                    throw new GatewayConfigurationException(load.Version, result.Errors);
                }

                publisher.Publish(result.Snapshot!);
            }

            return holder.Current;
        }
    }

    /// <summary>Re-reads the source and applies its document; never throws.</summary>
    public SnapshotBuildResult Reload()
    {
        lock (_applying)
        {
            try
            {
                var load = source.Load();
                var result = Build(load);
                if (result.Succeeded)
                {
                    publisher.Publish(result.Snapshot!);
                }
                else
                {
                    LogRejected(logger, load.Version, result.Errors.Count, string.Join(Environment.NewLine + "  ", result.Errors));
                }

                return result;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogReloadFailed(logger, ex);
                return new(null, [new("", $"Reloading the configuration failed: {ex.Message}")]);
            }
        }
    }

    private SnapshotBuildResult Build(ConfigLoadResult load)
    {
        if (load.Config is null)
        {
            return new(null, load.Errors);
        }

        // YARP's validators complete synchronously; this only blocks if a custom one does not.
        var pending = publisher.BuildAsync(load.Config, load.Version);
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }

    [LoggerMessage(2, LogLevel.Error, "Rejected gateway configuration {Version}; the running configuration stays in force. {Count} errors:\n  {Errors}", EventName = "ConfigRejected")]
    private static partial void LogRejected(ILogger logger, string version, int count, string errors);

    [LoggerMessage(3, LogLevel.Error, "Reloading the gateway configuration failed; the running configuration stays in force.", EventName = "ConfigReloadFailed")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception);
}
