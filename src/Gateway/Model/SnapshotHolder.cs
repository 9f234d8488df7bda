namespace Gateway.Model;

/// <summary>
/// Holds the snapshot in force in one reference, swapped atomically. Readers never lock;
/// a request that read the old snapshot keeps using it until it ends.
/// </summary>
internal sealed class SnapshotHolder : IGatewaySnapshotAccessor
{
    private GatewaySnapshot _current = GatewaySnapshot.Empty;
    private readonly List<Action<GatewaySnapshot>> _subscribers = [];
    private readonly Lock _publishing = new();

    public GatewaySnapshot Current => Volatile.Read(ref _current);

    /// <summary>
    /// Tells subscribers (YARP's config provider, which reloads synchronously) and then swaps in
    /// <paramref name="next"/>: whoever sees a snapshot in <see cref="Current"/> can rely on
    /// traffic already flowing by it.
    /// </summary>
    public void Publish(GatewaySnapshot next)
    {
        lock (_publishing)
        {
            next.StickTables.Activate();
            // Rule hit counters carry over for rules the new revision did not change.
            next.Rules.AdoptHits(Volatile.Read(ref _current).Rules, next.Version);
            foreach (var subscriber in _subscribers)
            {
                subscriber(next);
            }

            Volatile.Write(ref _current, next);
        }
    }

    public void Subscribe(Action<GatewaySnapshot> subscriber)
    {
        lock (_publishing)
        {
            _subscribers.Add(subscriber);
        }
    }
}
