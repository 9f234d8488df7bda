using Gateway.Admin.Store;
using Gateway.Core.Configuration;

namespace Gateway.Admin.Transactions;

/// <summary>
/// Operations staged on a base revision by one author, kept in memory until committed, aborted or
/// expired. <see cref="Document"/> is the base with the staged operations applied, so each new
/// operation is translated against what the earlier ones left.
/// </summary>
internal sealed class OpenTransaction(string id, string author, long baseRevision, GatewayConfig baseDocument, DateTimeOffset now)
{
    private readonly List<ConfigOperation> _operations = [];

    public string Id { get; } = id;

    public string Author { get; } = author;

    public long BaseRevision { get; } = baseRevision;

    public DateTimeOffset CreatedUtc { get; } = now;

    public DateTimeOffset LastActivityUtc { get; set; } = now;

    /// <summary>Held while staging or reading the operations; staging does no I/O, so a lock suffices.</summary>
    public Lock Gate { get; } = new();

    public GatewayConfig Document { get; private set; } = baseDocument;

    public int Count => _operations.Count;

    /// <summary>A copy of the staged operations, in order.</summary>
    public IReadOnlyList<ConfigOperation> Operations()
    {
        lock (Gate)
        {
            return [.. _operations];
        }
    }

    /// <summary>Call with <see cref="Gate"/> held.</summary>
    public void Stage(IReadOnlyList<ConfigOperation> operations, GatewayConfig document)
    {
        _operations.AddRange(operations);
        Document = document;
    }
}
