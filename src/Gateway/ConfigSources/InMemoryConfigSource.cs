using Gateway.Core.Configuration;
using Gateway.Core.Sources;

namespace Gateway.ConfigSources;

/// <summary>
/// A config source a host's own code pushes documents into. Once the gateway has started,
/// <see cref="Update"/> applies a valid document before it returns; an invalid one is logged
/// with every error and the running configuration stays as it was.
/// </summary>
public sealed class InMemoryConfigSource(GatewayConfig initial) : IConfigSource
{
    private readonly Lock _sync = new();
    private GatewayConfig _current = initial;
    private int _version = 1;
    private Action? _onChange;

    public ConfigLoadResult Load()
    {
        lock (_sync)
        {
            return ConfigLoadResult.Success(_current, $"in-memory #{_version}");
        }
    }

    public void Update(GatewayConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Action? onChange;
        lock (_sync)
        {
            _current = config;
            _version++;
            onChange = _onChange;
        }

        onChange?.Invoke();
    }

    public IDisposable Watch(Action onChange)
    {
        lock (_sync)
        {
            _onChange += onChange;
        }

        return new Subscription(this, onChange);
    }

    private sealed class Subscription(InMemoryConfigSource source, Action onChange) : IDisposable
    {
        public void Dispose()
        {
            lock (source._sync)
            {
                source._onChange -= onChange;
            }
        }
    }
}
