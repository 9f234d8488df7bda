using System.Collections.Concurrent;

namespace Gateway.Core.Tracking;

/// <summary>
/// Long-lived state (counters, tables, health) keyed by entity id, so an entity that is unchanged
/// or only edited keeps its state when a new snapshot replaces the old one. State of entities
/// that leave the configuration is dropped by <see cref="Retain"/>.
/// </summary>
public sealed class EntityStateTable<TState>(Func<string, TState> create) where TState : class
{
    private readonly ConcurrentDictionary<string, TState> _states = new(StringComparer.OrdinalIgnoreCase);

    public TState GetOrAdd(string id) => _states.GetOrAdd(id, create);

    /// <summary>Drops the state of every id not in <paramref name="ids"/>.</summary>
    public void Retain(IReadOnlySet<string> ids)
    {
        foreach (var id in _states.Keys)
        {
            if (!ids.Contains(id))
            {
                _states.TryRemove(id, out _);
            }
        }
    }

    public IReadOnlyCollection<KeyValuePair<string, TState>> Entries => _states.ToArray();
}
