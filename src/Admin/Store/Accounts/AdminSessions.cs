using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Gateway.Admin.Store.Rows;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Admin.Store.Accounts;

/// <summary>
/// Server-side records of the admin pages' sign-ins. A session exists from sign-in until sign-out, its expiry, or
/// its user's deletion (the rows cascade); a cookie whose session is gone is refused. Keys are stored hashed.
/// </summary>
internal sealed class AdminSessions(GatewayDatabase database, TimeProvider time)
{
    public async Task CreateAsync(string key, long userId, byte[] ticket, DateTimeOffset expiresUtc, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        var now = Format(time.GetUtcNow());
        // Housekeeping on the (rare) sign-in: sessions nobody signed out of would otherwise stay until their user is deleted.
        await db.Sessions.Where(s => string.Compare(s.ExpiresUtc, now) <= 0).ExecuteDeleteAsync(cancellationToken);
        db.Sessions.Add(new AdminSessionRow { Id = Hash(key), UserId = userId, Ticket = ticket, CreatedUtc = now, ExpiresUtc = Format(expiresUtc) });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The session's ticket while it exists and has not expired; null otherwise.</summary>
    public async Task<byte[]?> FindAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        var id = Hash(key);
        var row = await db.Sessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        return row is null || Parse(row.ExpiresUtc) <= time.GetUtcNow() ? null : row.Ticket;
    }

    /// <summary>Whether the session <paramref name="id"/> (<see cref="IdOf"/> its key) exists and has not expired.</summary>
    public async Task<bool> ExistsAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        var expires = await db.Sessions.Where(s => s.Id == id).Select(s => s.ExpiresUtc).SingleOrDefaultAsync(cancellationToken);
        return expires is not null && Parse(expires) > time.GetUtcNow();
    }

    /// <summary>The id a session is stored under: the hash of its key.</summary>
    public static string IdOf(string key) => Hash(key);

    /// <summary>Stores the renewed ticket of a session that still exists (a renewal never brings a signed-out session back).</summary>
    public async Task RenewAsync(string key, byte[] ticket, DateTimeOffset expiresUtc, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        var id = Hash(key);
        await db.Sessions.Where(s => s.Id == id).ExecuteUpdateAsync(
            set => set.SetProperty(s => s.Ticket, ticket).SetProperty(s => s.ExpiresUtc, Format(expiresUtc)), cancellationToken);
    }

    public async Task RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        var id = Hash(key);
        await db.Sessions.Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken);
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        return await db.Sessions.CountAsync(cancellationToken);
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string Format(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
