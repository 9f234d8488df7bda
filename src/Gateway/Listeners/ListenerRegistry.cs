using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Gateway.Listeners;

/// <summary>
/// Remembers the Kestrel endpoint of each gateway listener. Kestrel writes the bound endpoint
/// (with the real port) back into <see cref="ListenOptions.EndPoint"/> once it has bound.
/// </summary>
internal sealed class ListenerRegistry : IGatewayListeners
{
    private readonly Lock _sync = new();
    private readonly List<(ListenerPlan Plan, ListenOptions Options)> _listeners = [];

    public IReadOnlyList<BoundListener> Bound
    {
        get
        {
            lock (_sync)
            {
                return [.. _listeners.Select(l => new BoundListener(l.Plan.Id, l.Options.EndPoint, l.Plan))];
            }
        }
    }

    public Uri GetUrl(string listenerId) =>
        Bound.FirstOrDefault(l => string.Equals(l.Id, listenerId, StringComparison.OrdinalIgnoreCase))?.Url
        ?? throw new InvalidOperationException($"No gateway listener '{listenerId}' is bound.");

    public void Add(ListenerPlan plan, ListenOptions options)
    {
        lock (_sync)
        {
            _listeners.Add((plan, options));
        }
    }
}
