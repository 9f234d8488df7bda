namespace Gateway.Listeners;

/// <summary>The listeners of the configuration in force and their binding state, as <see cref="ListenerBinder"/> last published them.</summary>
internal sealed class ListenerRegistry : IGatewayListeners
{
    private IReadOnlyList<BoundListener> _all = [];

    public IReadOnlyList<BoundListener> All => Volatile.Read(ref _all);

    public IReadOnlyList<BoundListener> Bound => [.. All.Where(l => l.State == ListenerState.Bound)];

    public Uri GetUrl(string listenerId) =>
        Bound.FirstOrDefault(l => string.Equals(l.Id, listenerId, StringComparison.OrdinalIgnoreCase))?.Url
        ?? throw new InvalidOperationException($"No gateway listener '{listenerId}' is bound.");

    public void Publish(IReadOnlyList<BoundListener> listeners) => Volatile.Write(ref _all, listeners);
}
