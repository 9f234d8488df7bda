using Gateway.Core.Sources;
using Microsoft.Extensions.Hosting;

namespace Gateway.Management;

/// <summary>Applies the first snapshot at start and every new document the source signals.</summary>
internal sealed class ConfigSourceWatcher(IConfigSource source, GatewayConfigApplier applier) : IHostedService, IDisposable
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        applier.EnsureStarted();
        _subscription = source.Watch(() => applier.Reload());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _subscription = null;
    }
}
