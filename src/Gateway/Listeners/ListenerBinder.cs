using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Gateway.Model;

namespace Gateway.Listeners;

/// <summary>
/// Keeps Kestrel's endpoints in step with the listeners of the snapshot in force, without a restart.
/// Listeners are endpoints of Kestrel's own configuration loader (<see cref="ListenerEndpointsConfiguration"/>),
/// so Kestrel itself stops the listeners that were removed or changed (they stop accepting at once and their
/// open connections get Kestrel's 5 s to finish) and binds the new ones, while the others keep their sockets.
/// Changes are applied one at a time by a background loop, which also finds out which listeners bound.
/// </summary>
internal sealed partial class ListenerBinder(ListenerEndpointSetup setup, ListenerRegistry registry, TimeProvider time, ILogger<ListenerBinder> logger) : IDisposable
{
    /// <summary>How often a listener that could not bind is checked again (a restart can find the old process still holding its port).</summary>
    internal static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);

    /// <summary>How long a change may take Kestrel (its drain of removed listeners takes up to 5 s) before we say so.</summary>
    private static readonly TimeSpan SlowChange = TimeSpan.FromSeconds(30);

    private readonly Lock _sync = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly HashSet<string> _namedEndpoints = new(StringComparer.OrdinalIgnoreCase);
    private Dictionary<string, ListenerSlot> _slots = new(StringComparer.OrdinalIgnoreCase);
    private List<ListenerSlot> _order = [];
    private IReadOnlyList<ListenerPlan> _desired = [];
    private ListenerEndpointsConfiguration? _configuration;
    private KestrelConfigurationLoader? _loader;
    private IServiceProvider? _services;
    private IDisposable? _hostChanges;
    private bool _hostChanged;
    private Task _loop = Task.CompletedTask;
    private ITimer? _retryTimer;
    private int _stopped;

    /// <summary>Takes the listeners of a newly published snapshot; they are bound in the background (at start, once Kestrel runs).</summary>
    public void Request(IReadOnlyList<ListenerPlan> plans)
    {
        lock (_sync)
        {
            _desired = plans;
        }

        Signal();
    }

    /// <summary>Makes the gateway's listeners endpoints of Kestrel's configuration loader. Runs once, when Kestrel's options are built.</summary>
    public void Attach(KestrelServerOptions options)
    {
        lock (_sync)
        {
            if (_configuration is not null)
            {
                // A second KestrelServerOptions (built through IOptionsMonitor, say) is not the running server's.
                LogAttachedTwice(logger);
                return;
            }

            _services = options.ApplicationServices;
            // A host whose Kestrel reads the "Kestrel" section keeps its endpoints and defaults: they are chained in.
            _configuration = new ListenerEndpointsConfiguration(options.ConfigurationLoader?.Configuration);
            _loader = options.Configure(_configuration, reloadOnChange: true);
            if (_configuration.Host is { } host)
            {
                _hostChanges = ChangeToken.OnChange(host.GetReloadToken, OnHostConfigurationChanged);
            }

            // Kestrel binds these when it starts. One whose address is taken would stop the whole host
            // (the admin endpoints too), so it is left out and reported; the next change tries it again.
            var slots = new List<ListenerSlot>();
            foreach (var plan in _desired)
            {
                var error = AddressProbe.Check(plan.Address);
                slots.Add(new ListenerSlot(plan, 0) { State = error is null ? ListenerState.Binding : ListenerState.Failed, Error = error });
                if (error is not null)
                {
                    LogBindFailed(logger, plan.Id, plan.Address.ToString(), error);
                }
            }

            Replace(slots);
            _configuration.Set(Included());
        }
    }

    /// <summary>After the server has started: records what Kestrel bound and from then on applies every change.</summary>
    public async Task ActivateAsync(CancellationToken cancellationToken)
    {
        ListenerEndpointsConfiguration configuration;
        lock (_sync)
        {
            if (_configuration is null)
            {
                return; // not a Kestrel server (TestServer, say): nothing to bind
            }

            configuration = _configuration;
        }

        var watching = configuration.CurrentToken.Watched.IsCompleted;
        Settle(kestrelWatching: watching);
        if (!watching)
        {
            LogNotLive(logger);
            return;
        }

        // Catches up with anything published while Kestrel was starting; a listener that just failed is not tried twice.
        await ApplyPendingAsync(retryFailed: false, cancellationToken);
        lock (_sync)
        {
            _retryTimer = time.CreateTimer(_ => RetryFailed(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            ArmRetry();
        }

        _loop = Task.Run(LoopAsync, CancellationToken.None);
    }

    /// <summary>Stops applying changes (the host is stopping, and Kestrel with it).</summary>
    public void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        _stopping.Cancel();
        _hostChanges?.Dispose();
        _retryTimer?.Dispose();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends by cancellation.
        }
    }

    public void Dispose()
    {
        Stop();
        _stopping.Dispose();
        _signal.Dispose();
    }

    private async Task LoopAsync()
    {
        try
        {
            while (true)
            {
                await _signal.WaitAsync(_stopping.Token);
                await ApplyPendingAsync(retryFailed: true, _stopping.Token);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    private async Task ApplyPendingAsync(bool retryFailed, CancellationToken cancellationToken)
    {
        while (_signal.CurrentCount > 0)
        {
            await _signal.WaitAsync(cancellationToken);
        }

        List<(ListenerPlan, int)> endpoints;
        List<string> removed;
        lock (_sync)
        {
            var next = new List<ListenerSlot>(_desired.Count);
            var changed = _hostChanged;
            _hostChanged = false;
            foreach (var plan in _desired)
            {
                if (_slots.TryGetValue(plan.Id, out var slot) && slot.Plan == plan && (slot.State != ListenerState.Failed || !retryFailed))
                {
                    next.Add(slot);
                    continue;
                }

                // New, changed, or failed before (tried again): a new revision makes Kestrel (re)bind it.
                next.Add(new ListenerSlot(plan, slot is null ? 0 : slot.Revision + 1));
                changed = true;
            }

            removed = [.. _order.Select(s => s.Plan.Id).Where(id => !next.Exists(s => string.Equals(s.Plan.Id, id, StringComparison.OrdinalIgnoreCase)))];
            if (!changed && removed.Count == 0)
            {
                return;
            }

            Replace(next);
            endpoints = Included();
        }

        // Kestrel runs the endpoint callbacks inside Apply (on this thread, or on its own if a rebind is under way).
        var applied = _configuration!.Apply(endpoints);

        try
        {
            await applied.Watched.WaitAsync(SlowChange, cancellationToken);
        }
        catch (TimeoutException)
        {
            LogSlow(logger, (int)SlowChange.TotalSeconds);
            await applied.Watched.WaitAsync(cancellationToken);
        }

        foreach (var id in removed)
        {
            LogRemoved(logger, id);
        }

        Settle(kestrelWatching: true);
    }

    /// <summary>Kestrel calls this for a listener's endpoint each time it (re)binds it.</summary>
    private void OnEndpoint(string listenerId, EndpointConfiguration endpoint)
    {
        ListenerSlot? slot;
        lock (_sync)
        {
            if (!_slots.TryGetValue(listenerId, out slot))
            {
                return; // removed meanwhile; Kestrel stops it at the next change
            }

            slot.Options = endpoint.ListenOptions;
        }

        setup.Configure(slot.Plan, endpoint.ListenOptions);
    }

    /// <summary>Gives each listener still binding its outcome: bound (Kestrel lists its address) or failed, with why.</summary>
    private void Settle(bool kestrelWatching)
    {
        var addresses = _services?.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
        lock (_sync)
        {
            foreach (var slot in _order.Where(s => s.State == ListenerState.Binding))
            {
                // Kestrel lists an endpoint's display name among the server's addresses once it is bound.
                if (slot.Options is { } options && options.ToString() is { } display && addresses?.Contains(display) != false)
                {
                    slot.State = ListenerState.Bound;
                    LogBound(logger, slot.Plan.Id, display, options.Protocols.ToString());
                    continue;
                }

                slot.State = ListenerState.Failed;
                slot.Error = !kestrelWatching
                    ? "the server does not take endpoint changes (PreferHostingUrls with host URLs, or a Kestrel configuration replaced after AddGateway)"
                    : AddressProbe.Check(slot.Plan.Address) ?? "Kestrel could not bind it; see the error Kestrel logged";
                LogBindFailed(logger, slot.Plan.Id, slot.Plan.Address.ToString(), slot.Error);
            }

            Publish();
            ArmRetry();
        }
    }

    private void OnHostConfigurationChanged()
    {
        lock (_sync)
        {
            _hostChanged = true;
        }

        Signal();
    }

    /// <summary>Starts a change that tries failed listeners again once one of their addresses can be bound; a probe, so nothing is logged meanwhile.</summary>
    private void RetryFailed()
    {
        bool free;
        lock (_sync)
        {
            free = _order.Exists(s => s.State == ListenerState.Failed && AddressProbe.Check(s.Plan.Address) is null);
            if (!free)
            {
                ArmRetry();
            }
        }

        if (free)
        {
            Signal(); // the change that follows settles the listeners and arms the timer again if one still fails
        }
    }

    /// <summary>Runs <see cref="RetryFailed"/> after <see cref="RetryInterval"/> while a listener has failed; the clock is left alone otherwise.</summary>
    private void ArmRetry()
    {
        if (_retryTimer is null || !_order.Exists(s => s.State == ListenerState.Failed))
        {
            return;
        }

        try
        {
            _retryTimer.Change(RetryInterval, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Stopped meanwhile.
        }
    }

    private void Signal()
    {
        try
        {
            _signal.Release();
        }
        catch (ObjectDisposedException)
        {
            // The host has stopped; there is no Kestrel left to bind anything.
        }
    }

    private void Replace(List<ListenerSlot> slots)
    {
        _order = slots;
        _slots = slots.ToDictionary(s => s.Plan.Id, StringComparer.OrdinalIgnoreCase);
        foreach (var id in _slots.Keys)
        {
            // Kestrel keeps named-endpoint callbacks in a plain dictionary it reads while rebinding, so new
            // names are added only here, between rebinds this class started and waited for.
            if (_namedEndpoints.Add(id))
            {
                _loader!.Endpoint(ListenerEndpointsConfiguration.EndpointName(id), endpoint => OnEndpoint(id, endpoint));
            }
        }

        Publish();
    }

    private List<(ListenerPlan, int)> Included() => [.. _order.Where(s => s.State != ListenerState.Failed).Select(s => (s.Plan, s.Revision))];

    private void Publish() => registry.Publish([.. _order.Select(s => s.ToBoundListener())]);

    [LoggerMessage(22, LogLevel.Information, "Listener {Listener} is listening on {Url} ({Protocols}).", EventName = "ListenerBound")]
    private static partial void LogBound(ILogger logger, string listener, string url, string protocols);

    [LoggerMessage(23, LogLevel.Information, "Listener {Listener} was removed: it no longer accepts connections, and its open connections were given up to 5 s to finish.", EventName = "ListenerRemoved")]
    private static partial void LogRemoved(ILogger logger, string listener);

    [LoggerMessage(24, LogLevel.Error, "Listener {Listener} could not bind {Address}: {Reason}. The other listeners are not affected; it is tried again when its address is free (checked every 5 s) and at every configuration change.", EventName = "ListenerBindFailed")]
    private static partial void LogBindFailed(ILogger logger, string listener, string address, string reason);

    [LoggerMessage(25, LogLevel.Warning, "Kestrel does not take the gateway's endpoints in this host (PreferHostingUrls with host URLs, or its configuration loader was replaced after AddGateway), so gateway listeners are not bound; see IGatewayListeners.All for each one.", EventName = "ListenersNotLive")]
    private static partial void LogNotLive(ILogger logger);

    [LoggerMessage(26, LogLevel.Warning, "Kestrel has not applied a listener change after {Seconds} s; still waiting.", EventName = "ListenerChangeSlow")]
    private static partial void LogSlow(ILogger logger, int seconds);

    [LoggerMessage(27, LogLevel.Warning, "A second set of Kestrel options was built in this host; gateway listeners stay with the first.", EventName = "ListenersAttachedTwice")]
    private static partial void LogAttachedTwice(ILogger logger);
}
