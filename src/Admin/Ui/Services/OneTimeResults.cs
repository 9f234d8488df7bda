using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Gateway.Admin.Ui.Services;

/// <summary>
/// What a form's POST produced, kept for the GET it redirects to (post/redirect/get) and handed out once: a reload
/// of that page neither repeats the action nor shows the result again (a new API token is shown exactly once). The
/// id in the URL is random and bound to the user who posted; entries expire after a few minutes and at most
/// <see cref="Capacity"/> are kept, so a flood of posts cannot grow memory.
/// </summary>
internal sealed class OneTimeResults(TimeProvider time)
{
    public const int Capacity = 1000;

    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Keeps <paramref name="value"/> for <paramref name="user"/>; returns the id to put in the redirect's query.</summary>
    public string Put(string user, object value)
    {
        var now = time.GetUtcNow();
        if (_entries.Count >= Capacity)
        {
            foreach (var (key, entry) in _entries)
            {
                if (entry.Expires <= now || _entries.Count >= Capacity)
                {
                    _entries.TryRemove(key, out _);
                }
            }
        }

        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();
        _entries[id] = new Entry(user, value, now + Lifetime);
        return id;
    }

    /// <summary>The value kept under <paramref name="id"/> for <paramref name="user"/>, removed as it is read; null when there is none (any more).</summary>
    public T? Take<T>(string user, string? id) where T : class
    {
        if (id is null || !_entries.TryRemove(id, out var entry))
        {
            return null;
        }

        if (entry.User != user)
        {
            _entries.TryAdd(id, entry);
            return null;
        }

        return entry.Expires > time.GetUtcNow() ? entry.Value as T : null;
    }

    private sealed record Entry(string User, object Value, DateTimeOffset Expires);
}
