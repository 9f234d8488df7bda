namespace Gateway.Http1.Pool;

/// <summary>
/// The idle connections to one server, most recently used first (LIFO: the warmest connection is reused, the cold
/// ones age out), at most <see cref="MaxIdle"/> of them (HAProxy's <c>pool-max-conn</c>).
/// </summary>
internal sealed class ServerConnectionPool(int maxIdle)
{
    private readonly List<ServerConnection> _idle = [];

    public int MaxIdle { get; } = maxIdle;

    public int IdleCount
    {
        get
        {
            lock (_idle)
            {
                return _idle.Count;
            }
        }
    }

    /// <summary>The most recently returned idle connection (a validated one only, when asked), or null.</summary>
    public ServerConnection? TryTake(bool validatedOnly)
    {
        lock (_idle)
        {
            for (var i = _idle.Count - 1; i >= 0; i--)
            {
                var connection = _idle[i];
                if (!validatedOnly || connection.Validated)
                {
                    _idle.RemoveAt(i);
                    connection.SeenIdleByEviction = false;
                    return connection;
                }
            }
        }

        return null;
    }

    /// <summary>Puts a clean connection back; false when the pool is full (the caller closes it).</summary>
    public bool TryReturn(ServerConnection connection, long now)
    {
        lock (_idle)
        {
            if (_idle.Count >= MaxIdle)
            {
                return false;
            }

            connection.IdleSince = now;
            connection.SeenIdleByEviction = false;
            _idle.Add(connection);
            return true;
        }
    }

    /// <summary>
    /// HAProxy's idle purge: of the connections that stayed unused since the previous pass, half (rounded up) are
    /// taken out for closing, oldest first, at most <paramref name="batch"/> per pass; the rest are marked for the next.
    /// </summary>
    public List<ServerConnection>? TakeHalfOfUnused(int batch)
    {
        List<ServerConnection>? evicted = null;
        lock (_idle)
        {
            var unused = 0;
            foreach (var connection in _idle)
            {
                unused += connection.SeenIdleByEviction ? 1 : 0;
            }

            var toClose = Math.Min(batch, (unused + 1) / 2);
            // The list is oldest first (returns append), so the coldest go first.
            for (var i = 0; i < _idle.Count && toClose > 0;)
            {
                if (_idle[i].SeenIdleByEviction)
                {
                    (evicted ??= []).Add(_idle[i]);
                    _idle.RemoveAt(i);
                    toClose--;
                }
                else
                {
                    i++;
                }
            }

            foreach (var connection in _idle)
            {
                connection.SeenIdleByEviction = true;
            }
        }

        return evicted;
    }

    public List<ServerConnection> TakeAll()
    {
        lock (_idle)
        {
            var all = new List<ServerConnection>(_idle);
            _idle.Clear();
            return all;
        }
    }
}
