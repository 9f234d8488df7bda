namespace Gateway.SharedTables;

/// <summary>
/// Whether this node exchanges its shared stick tables' counts through Redis, as the admin status shows it. When
/// Redis is unreachable the tables keep counting on this node alone; the loss is logged once, the recovery once.
/// </summary>
public sealed class SharedTablesStatus
{
    private readonly Lock _sync = new();
    private DateTimeOffset? _downSince;
    private string? _error;
    private DateTimeOffset? _lastSync;
    private IReadOnlyList<string> _tables = [];

    /// <summary>Whether this node has a Redis to share through (<c>Gateway:Redis:ConnectionString</c>).</summary>
    public bool Configured { get; internal set; }

    /// <summary>The shared tables of the configuration in force.</summary>
    public IReadOnlyList<string> Tables
    {
        get => Volatile.Read(ref _tables);
        internal set => Volatile.Write(ref _tables, value);
    }

    /// <summary>True while the last round reached Redis (false before the first one, and without a Redis).</summary>
    public bool Connected
    {
        get
        {
            lock (_sync)
            {
                return Configured && _lastSync is not null && _downSince is null;
            }
        }
    }

    /// <summary>When Redis was found unreachable, while it is.</summary>
    public DateTimeOffset? DownSince
    {
        get
        {
            lock (_sync)
            {
                return _downSince;
            }
        }
    }

    /// <summary>Why Redis is unreachable, while it is.</summary>
    public string? Error
    {
        get
        {
            lock (_sync)
            {
                return _error;
            }
        }
    }

    /// <summary>The end of the last round that reached Redis.</summary>
    public DateTimeOffset? LastSync
    {
        get
        {
            lock (_sync)
            {
                return _lastSync;
            }
        }
    }

    /// <returns>Since when it was down, when this success ends an outage.</returns>
    internal DateTimeOffset? Succeeded(DateTimeOffset now)
    {
        lock (_sync)
        {
            var since = _downSince;
            _downSince = null;
            _error = null;
            _lastSync = now;
            return since;
        }
    }

    /// <returns>True when this failure starts an outage (so it is logged).</returns>
    internal bool Failed(DateTimeOffset now, string error)
    {
        lock (_sync)
        {
            _error = error;
            if (_downSince is not null)
            {
                return false;
            }

            _downSince = now;
            return true;
        }
    }
}
