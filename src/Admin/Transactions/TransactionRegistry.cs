using System.Collections.Concurrent;
using System.Security.Cryptography;
using Gateway.Admin.Configuration;
using Gateway.Admin.Store;
using Microsoft.Extensions.Options;

namespace Gateway.Admin.Transactions;

/// <summary>
/// Open transactions, in memory (a restart drops them; nothing of theirs was stored). Each belongs
/// to the author who began it and is invisible to everyone else. One left alone for
/// <see cref="AdminOptions.TransactionTimeout"/> is dropped; expiry is checked against
/// <see cref="TimeProvider"/> whenever the registry is used, so no timer is needed.
/// </summary>
internal sealed class TransactionRegistry(TimeProvider time, IOptions<AdminOptions> options)
{
    private readonly ConcurrentDictionary<string, OpenTransaction> _open = new(StringComparer.Ordinal);

    public TimeSpan Timeout => options.Value.TransactionTimeout;

    public OpenTransaction Begin(string author, StoredDocument based)
    {
        Sweep();
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var transaction = new OpenTransaction(id, author, based.Revision, based.Document, time.GetUtcNow());
        _open[id] = transaction;
        return transaction;
    }

    /// <summary>The author's open transaction with this id, its expiry pushed back; null when there is none (or it expired, or is someone else's).</summary>
    public OpenTransaction? Find(string id, string author)
    {
        Sweep();
        if (!_open.TryGetValue(id, out var transaction) || !transaction.Author.Equals(author, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        transaction.LastActivityUtc = time.GetUtcNow();
        return transaction;
    }

    public IReadOnlyList<OpenTransaction> OpenedBy(string author)
    {
        Sweep();
        return [.. _open.Values.Where(t => t.Author.Equals(author, StringComparison.OrdinalIgnoreCase)).OrderBy(t => t.CreatedUtc)];
    }

    public bool Remove(OpenTransaction transaction) => _open.TryRemove(new KeyValuePair<string, OpenTransaction>(transaction.Id, transaction));

    public DateTimeOffset ExpiresUtc(OpenTransaction transaction) => transaction.LastActivityUtc + Timeout;

    private void Sweep()
    {
        var now = time.GetUtcNow();
        foreach (var transaction in _open.Values)
        {
            if (ExpiresUtc(transaction) <= now)
            {
                Remove(transaction);
            }
        }
    }
}
