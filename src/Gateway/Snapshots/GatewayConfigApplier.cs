using Gateway.Core.Configuration;
using Gateway.Core.Snapshots;
using Gateway.Core.Validation;
using Gateway.Listeners;
using Microsoft.Extensions.Logging;

namespace Gateway.Snapshots;

/// <summary>
/// Turns documents from the <see cref="IConfigSource"/> into published snapshots: once at
/// start-up (where an invalid document stops the host), and on every change signal after that
/// (where an invalid document is logged with all its errors and the running snapshot stays).
/// </summary>
internal sealed partial class GatewayConfigApplier(
    IConfigSource source,
    GatewaySnapshotBuilder builder,
    SnapshotHolder holder,
    ILogger<GatewayConfigApplier> logger) : IGatewaySnapshotPublisher
{
    private readonly Lock _applying = new();
    private IReadOnlyList<ListenerPlan>? _boundListeners;
    private volatile bool _started;

    /// <summary>Loads and publishes the first snapshot if that has not happened yet.</summary>
    /// <exception cref="GatewayConfigurationException">The source's document is invalid.</exception>
    public GatewaySnapshot EnsureStarted()
    {
        if (_started)
        {
            return holder.Current;
        }

        lock (_applying)
        {
            if (!_started)
            {
                var load = source.Load();
                var result = Build(load);
                if (!result.Succeeded)
                {
                    throw new GatewayConfigurationException(load.Version, result.Errors);
                }

                _boundListeners = result.Snapshot!.Listeners;
                PublishCore(result.Snapshot);
                _started = true;
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
                    PublishCore(result.Snapshot!);
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

    public ValueTask<SnapshotBuildResult> BuildAsync(GatewayConfig config, string version, CancellationToken cancellationToken = default) =>
        builder.BuildAsync(config, version);

    public void Publish(GatewaySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (_applying)
        {
            _boundListeners ??= snapshot.Listeners;
            PublishCore(snapshot);
            _started = true;
        }
    }

    private SnapshotBuildResult Build(ConfigLoadResult load)
    {
        if (load.Config is null)
        {
            return new(null, load.Errors);
        }

        // YARP's validators complete synchronously; this only blocks if a custom one does not.
        var pending = builder.BuildAsync(load.Config, load.Version);
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }

    private void PublishCore(GatewaySnapshot snapshot)
    {
        if (_boundListeners is not null && !_boundListeners.SequenceEqual(snapshot.Listeners))
        {
            LogListenersNeedRestart(logger, snapshot.Version);
        }

        holder.Publish(snapshot);
        LogApplied(logger, snapshot.Version, snapshot.Generation, snapshot.Config.Listeners.Count, snapshot.Config.Routes.Count, snapshot.Config.Clusters.Count);
    }

    [LoggerMessage(1, LogLevel.Information, "Applied gateway configuration {Version} (snapshot {Generation}: {Listeners} listeners, {Routes} routes, {Clusters} clusters).", EventName = "ConfigApplied")]
    private static partial void LogApplied(ILogger logger, string version, long generation, int listeners, int routes, int clusters);

    [LoggerMessage(2, LogLevel.Error, "Rejected gateway configuration {Version}; the running configuration stays in force. {Count} errors:\n  {Errors}", EventName = "ConfigRejected")]
    private static partial void LogRejected(ILogger logger, string version, int count, string errors);

    [LoggerMessage(3, LogLevel.Error, "Reloading the gateway configuration failed; the running configuration stays in force.", EventName = "ConfigReloadFailed")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception);

    [LoggerMessage(4, LogLevel.Warning, "Configuration {Version} changes listeners; listeners are bound at start-up, so restart the gateway for listener changes to take effect. Routes and clusters changed already.", EventName = "ListenersNeedRestart")]
    private static partial void LogListenersNeedRestart(ILogger logger, string version);
}
