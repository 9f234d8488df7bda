using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Gateway.Admin.Store.Accounts;

namespace Gateway.Admin.Api.Security;

/// <summary>
/// API tokens this node checked against the database recently, so that while the shared database is unreachable
/// a known token still reads the node's status (writes are refused with 503 anyway). Only SHA-256 hashes are held;
/// an entry counts for <see cref="Lifetime"/> after its last successful check, so a token revoked during an outage
/// stops working at most that long after it was last seen valid.
/// </summary>
internal sealed class OfflineTokens(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);
    private const int MaxEntries = 1_000;
    private readonly ConcurrentDictionary<string, (TokenIdentity Identity, DateTimeOffset Checked)> _entries = new(StringComparer.Ordinal);

    public void Remember(string token, TokenIdentity identity)
    {
        if (_entries.Count >= MaxEntries)
        {
            // Bounded under attack: only valid tokens get here, but never let the table grow without limit.
            _entries.Clear();
        }

        _entries[Key(token)] = (identity, time.GetUtcNow());
    }

    public TokenIdentity? Recall(string token) =>
        _entries.TryGetValue(Key(token), out var entry) && time.GetUtcNow() - entry.Checked <= Lifetime ? entry.Identity : null;

    private static string Key(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
