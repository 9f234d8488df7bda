using Microsoft.Extensions.Hosting;

namespace Gateway.Listeners;

/// <summary>Once the server has started, lets <see cref="ListenerBinder"/> apply listener changes; stops it when the host stops.</summary>
internal sealed class ListenerBindingService(ListenerBinder binder) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs after every hosted service has started, the web server included, so listeners are bound when the host's start returns.</summary>
    public Task StartedAsync(CancellationToken cancellationToken) => binder.ActivateAsync(cancellationToken);

    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        binder.Stop();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
