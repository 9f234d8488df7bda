namespace Gateway.Admin.Store.Rows;

/// <summary>
/// A signed-in admin page session. The browser's cookie holds only the session's key; the sign-in itself is here,
/// so signing out (which deletes the row) ends the session on the server, whatever copies of the cookie exist.
/// </summary>
internal sealed class AdminSessionRow
{
    /// <summary>SHA-256 of the session key, hex: the key itself is never stored.</summary>
    public required string Id { get; set; }

    public long UserId { get; set; }

    /// <summary>The serialized authentication ticket (the user's name, id and roles, and the cookie's lifetime).</summary>
    public required byte[] Ticket { get; set; }

    public required string CreatedUtc { get; set; }

    /// <summary>UTC, ISO 8601; a session past it is refused and removed.</summary>
    public required string ExpiresUtc { get; set; }
}
