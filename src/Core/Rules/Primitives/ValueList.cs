using System.Collections;

namespace Gateway.Core.Rules.Primitives;

/// <summary>
/// An immutable list compared by its items, so syntax trees built from records compare by
/// value (a parsed rule equals the rule parsed again from its canonical text).
/// </summary>
public sealed class ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    private readonly T[] _items;

    public ValueList(IEnumerable<T> items) => _items = [.. items];

    public int Count => _items.Length;

    public T this[int index] => _items[index];

    public bool Equals(ValueList<T>? other) =>
        other is not null && _items.AsSpan().SequenceEqual(other._items, EqualityComparer<T>.Default);

    public override bool Equals(object? obj) => Equals(obj as ValueList<T>);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();
}

internal static class ValueList
{
    public static ValueList<T> Empty<T>() => EmptyList<T>.Instance;

    public static ValueList<T> Of<T>(params T[] items) => items.Length == 0 ? Empty<T>() : new(items);

    public static ValueList<T> ToValueList<T>(this IEnumerable<T> items) => new(items);
}

file static class EmptyList<T>
{
    public static readonly ValueList<T> Instance = new([]);
}
