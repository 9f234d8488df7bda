using Gateway.Core.Rules.Runtime;

namespace Gateway.Http1.Parsing;

/// <summary>
/// The field lines of an HTTP/1.1 head in the order they arrived, names as the peer wrote them. Rules read and
/// change them through <see cref="IRuleHeaders"/>; the core writes them out again in the same order. A list, not a
/// dictionary: a head has a few dozen lines at most, and the order and each line's own spelling are kept.
/// </summary>
internal sealed class HeaderFields : IRuleHeaders
{
    private readonly List<KeyValuePair<string, string>> _fields = new(16);

    public int Length => _fields.Count;

    public KeyValuePair<string, string> this[int index] => _fields[index];

    public void Clear() => _fields.Clear();

    public int Count(string name)
    {
        var count = 0;
        foreach (var field in _fields)
        {
            if (string.Equals(field.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                count++;
            }
        }

        return count;
    }

    public string GetValue(string name, int index)
    {
        foreach (var field in _fields)
        {
            if (string.Equals(field.Key, name, StringComparison.OrdinalIgnoreCase) && index-- == 0)
            {
                return field.Value;
            }
        }

        return "";
    }

    /// <summary>The first line's value, or null.</summary>
    public string? First(string name)
    {
        foreach (var field in _fields)
        {
            if (string.Equals(field.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return field.Value;
            }
        }

        return null;
    }

    /// <summary>Every line's value of a list header (Accept, Cookie) joined as ASP.NET Core's header dictionary joins them.</summary>
    public string? Joined(string name, string separator = ",")
    {
        string? joined = null;
        foreach (var field in _fields)
        {
            if (string.Equals(field.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                joined = joined is null ? field.Value : joined + separator + field.Value;
            }
        }

        return joined;
    }

    public void SetValue(string name, string value)
    {
        var at = _fields.FindIndex(f => string.Equals(f.Key, name, StringComparison.OrdinalIgnoreCase));
        Remove(name);
        if (at < 0 || at > _fields.Count)
        {
            _fields.Add(new(name, value));
        }
        else
        {
            _fields.Insert(at, new(name, value));
        }
    }

    public void AddValue(string name, string value) => _fields.Add(new(name, value));

    public void Remove(string name) => _fields.RemoveAll(f => string.Equals(f.Key, name, StringComparison.OrdinalIgnoreCase));

    public void Replace(string name, IReadOnlyList<string> values)
    {
        var next = 0;
        for (var i = 0; i < _fields.Count && next < values.Count; i++)
        {
            if (string.Equals(_fields[i].Key, name, StringComparison.OrdinalIgnoreCase))
            {
                _fields[i] = new(_fields[i].Key, values[next++]);
            }
        }
    }

    public IEnumerable<KeyValuePair<string, string>> All() => _fields;
}
