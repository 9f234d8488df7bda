using Microsoft.Extensions.Primitives;

namespace Gateway.Listeners;

/// <summary>
/// The change token Kestrel watches for gateway listener changes. Kestrel takes the current token
/// when a rebind starts and registers on it when that rebind has finished, so the first registration
/// on the token that follows a fired one says the change has been applied (<see cref="Watched"/>).
/// </summary>
internal sealed class BindCycleToken : IChangeToken
{
    private readonly Lock _sync = new();
    private readonly List<Registration> _registrations = [];
    private readonly TaskCompletionSource _watched = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _changed;

    public bool HasChanged => _changed;

    public bool ActiveChangeCallbacks => true;

    /// <summary>Completes when someone (Kestrel) first registers a callback on this token.</summary>
    public Task Watched => _watched.Task;

    public IDisposable RegisterChangeCallback(Action<object?> callback, object? state)
    {
        var registration = new Registration(this, callback, state);
        bool changed;
        lock (_sync)
        {
            changed = _changed;
            if (!changed)
            {
                _registrations.Add(registration);
            }
        }

        _watched.TrySetResult();
        if (changed)
        {
            // Like a cancelled CancellationToken: registering after the change runs the callback at once.
            callback(state);
        }

        return registration;
    }

    /// <summary>Marks the token changed and runs the callbacks registered on it.</summary>
    public void Fire()
    {
        Registration[] registrations;
        lock (_sync)
        {
            if (_changed)
            {
                return;
            }

            _changed = true;
            registrations = [.. _registrations];
            _registrations.Clear();
        }

        foreach (var registration in registrations)
        {
            registration.Invoke();
        }
    }

    private void Remove(Registration registration)
    {
        lock (_sync)
        {
            _registrations.Remove(registration);
        }
    }

    private sealed class Registration(BindCycleToken owner, Action<object?> callback, object? state) : IDisposable
    {
        public void Invoke() => callback(state);

        public void Dispose() => owner.Remove(this);
    }
}
