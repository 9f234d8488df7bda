namespace Gateway.Snapshots;

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

    /// <summary>Swaps in <paramref name="next"/>, then tells subscribers (YARP's config provider) before returning.</summary>
    public void Publish(GatewaySnapshot next)
    {
        lock (_publishing)
        {
            Volatile.Write(ref _current, next);
            foreach (var subscriber in _subscribers)
            {
                subscriber(next);
            }
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
