using Gateway.Core.Rules.Runtime;

namespace Gateway.Http1.Parsing;

/// <summary>
/// The field lines of an HTTP/1.1 head in the order they arrived, names as the peer wrote them. Rules read and
/// change them through <see cref="IRuleHeaders"/>; the core writes them out again in the same order. A list, not a
/// dictionary: a head has a few dozen lines at most, and the order and each line's own spelling are kept.
/// </summary>
/// <remarks>
/// The lines of the head read before stay aside after <see cref="Clear"/>: a line that comes again with the same bytes
/// at the same place (a client's Host, a server's Content-Type) takes the string already made instead of a new one, so
/// a steady stream of alike requests allocates no header strings at all. The core rents its heads per request from a
/// small shared pool, so these strings are held by the pool, not by idle connections.
/// </remarks>
internal sealed class HeaderFields : IRuleHeaders
{
    private List<KeyValuePair<string, string>> _fields = new(16);
    private List<KeyValuePair<string, string>> _previous = new(16);

    public int Length => _fields.Count;

    public KeyValuePair<string, string> this[int index] => _fields[index];

    /// <summary>Empties the head; its lines are kept aside to be reused by <see cref="AddParsed"/>.</summary>
    public void Clear()
    {
        if (_fields.Count == 0)
        {
            return; // cleared already: what is aside stays aside
        }

        (_fields, _previous) = (_previous, _fields);
        _fields.Clear();
    }

    /// <summary>
    /// Adds a line read from the wire: <paramref name="knownName"/> when the name is a common one, else the name's
    /// bytes; the value's bytes are ASCII or Latin-1 (one char per byte). Strings of the previous head's line at the
    /// same place are reused when the bytes are the same.
    /// </summary>
    public void AddParsed(string? knownName, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        var at = _fields.Count;
        string? oldName = null, oldValue = null;
        if (at < _previous.Count)
        {
            (oldName, oldValue) = _previous[at];
        }

        var fieldName = knownName
            ?? (oldName is not null && SameText(name, oldName) ? oldName : System.Text.Encoding.Latin1.GetString(name));
        var fieldValue = oldValue is not null && SameText(value, oldValue) ? oldValue : System.Text.Encoding.Latin1.GetString(value);
        _fields.Add(new(fieldName, fieldValue));
    }

    /// <summary>Whether <paramref name="bytes"/> spell <paramref name="text"/> exactly (ASCII only: anything else is simply not reused).</summary>
    public static bool SameText(ReadOnlySpan<byte> bytes, string text) =>
        bytes.Length == text.Length && System.Text.Ascii.Equals(bytes, text);

    /// <summary>Lets go of every string, for a head going back to its pool with nothing to be reused.</summary>
    public void Forget()
    {
        _fields.Clear();
        _previous.Clear();
    }

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
