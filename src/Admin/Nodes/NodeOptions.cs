namespace Gateway.Admin.Nodes;

/// <summary>
/// <c>Gateway:Node</c>: what is this node's own, never in the shared document (docs/multi-node.md lists which settings
/// are per node and which are shared). Only a PostgreSQL store has several nodes; on SQLite these only name the node.
/// </summary>
public sealed class NodeOptions
{
    public const string Section = "Gateway:Node";

    /// <summary>The node's name in the registry; unique among the nodes of a store. The machine's name by default.</summary>
    public string Name { get; set; } = Environment.MachineName;

    /// <summary>The admin URL other people and nodes reach this node at, for the registry; the bound admin URL by default.</summary>
    public string? Address { get; set; }

    /// <summary>
    /// Per listener id, the address this node binds instead of the shared document's (<c>Gateway:Node:ListenerAddresses:web=10.0.0.5:443</c>):
    /// for nodes whose interfaces differ. Applied to what the node serves, never to what is stored; the status and the
    /// overview show the address in force here.
    /// </summary>
    public Dictionary<string, string> ListenerAddresses { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How often the node checks for new revisions when no notification came (the fallback of LISTEN/NOTIFY).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the node writes its registry row (revision in force, last seen).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);
}
