using System.Collections;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Http1.Transport;

/// <summary>
/// The feature collection of a <see cref="ClientSocketConnection"/>: the features in one small array, found by comparing
/// the type's reference, in the order they were set.
/// </summary>
/// <remarks>
/// Why not <see cref="FeatureCollection"/>: its dictionary, grown one step at a time to the ten features a connection
/// carries, is an object, a bucket array and an entry array, 0.6–1.0 KB of every open connection's memory, where this
/// is one 216-byte array (docs/benchmarks.md, issue 18, "Sends tried at once"). Kestrel's own transport connections
/// keep their features in fields for the same reason. A linear search over a dozen references is no slower than hashing
/// the type.
/// </remarks>
internal sealed class ConnectionFeatures : IFeatureCollection
{
    /// <summary>Room for what a connection carries before the core runs: the transport's, Kestrel's four and the listener's five, and two more.</summary>
    private const int InitialCapacity = 12;

    private KeyValuePair<Type, object>[] _features = new KeyValuePair<Type, object>[InitialCapacity];
    private int _count;
    private volatile int _revision;

    public bool IsReadOnly => false;

    public int Revision => _revision;

    public object? this[Type key]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(key);
            var index = IndexOf(key);
            return index < 0 ? null : _features[index].Value;
        }
        set
        {
            ArgumentNullException.ThrowIfNull(key);
            var index = IndexOf(key);
            if (value is null)
            {
                if (index >= 0)
                {
                    Array.Copy(_features, index + 1, _features, index, _count - index - 1);
                    _features[--_count] = default;
                    _revision++;
                }

                return;
            }

            if (index >= 0)
            {
                _features[index] = new KeyValuePair<Type, object>(key, value);
            }
            else
            {
                if (_count == _features.Length)
                {
                    Array.Resize(ref _features, _count * 2);
                }

                _features[_count++] = new KeyValuePair<Type, object>(key, value);
            }

            _revision++;
        }
    }

    public TFeature? Get<TFeature>() => this[typeof(TFeature)] is TFeature feature ? feature : default;

    public void Set<TFeature>(TFeature? instance) => this[typeof(TFeature)] = instance;

    public IEnumerator<KeyValuePair<Type, object>> GetEnumerator()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return _features[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(Type key)
    {
        var features = _features;
        for (var i = 0; i < _count; i++)
        {
            if (ReferenceEquals(features[i].Key, key))
            {
                return i;
            }
        }

        return -1;
    }
}
