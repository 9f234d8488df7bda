namespace Gateway.Admin.Store.Rows;

/// <summary>
/// A gateway node that shares a PostgreSQL store: who it is, where its admin endpoint is, which revision it serves,
/// and when it last said so. Each node writes its own row only. (PostgreSQL only: a SQLite store has one node.)
/// </summary>
internal sealed class NodeRow
{
    /// <summary>The node's name (<c>Gateway:Node:Name</c>, the host name by default).</summary>
    public required string Name { get; set; }

    /// <summary>The node's admin URL, as it advertises it.</summary>
    public required string Address { get; set; }

    /// <summary>The revision whose snapshot is in force on the node.</summary>
    public long Revision { get; set; }

    public required string StartedUtc { get; set; }

    /// <summary>UTC, ISO 8601: the node's last heartbeat.</summary>
    public required string LastSeenUtc { get; set; }
}
