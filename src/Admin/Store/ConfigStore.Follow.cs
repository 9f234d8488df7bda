using Gateway.Admin.Store.Certificates;
using Gateway.Core.Configuration;
using Gateway.Core.Serialization;
using Gateway.Core.Sources;
using Gateway.Core.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Gateway.Admin.Store;

/// <summary>
/// Several nodes on one PostgreSQL store: a node applies the revisions other nodes commit (<see cref="CatchUpAsync"/>,
/// called by the node's follower on each NOTIFY and on a timer), keeps a local copy of the last one it applied, and
/// starts from that copy when the database is unreachable at start-up.
/// </summary>
public sealed partial class ConfigStore
{
    private long _applied;

    /// <summary>The revision whose snapshot this node published last (0 before the first).</summary>
    public long AppliedRevision => Interlocked.Read(ref _applied);

    /// <summary>Whether the database is reachable, as this store last found it.</summary>
    public StoreConnectivity Connectivity { get; }

    /// <summary>
    /// Applies, in order and one by one, every revision committed after <see cref="AppliedRevision"/> (by other nodes):
    /// each is built and published as a commit on this node would be. A revision this node cannot build (a certificate
    /// key its key ring cannot decrypt, say) stops the catch-up there, logged; it is tried again on the next call.
    /// </summary>
    /// <returns>How many revisions were applied.</returns>
    public async Task<int> CatchUpAsync(CancellationToken cancellationToken = default)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            var applied = AppliedRevision;
            List<(long Number, string Document)> pending;
            try
            {
                await using var db = _database.CreateContext();
                var numbers = await db.Revisions.Where(r => r.Number > applied).OrderBy(r => r.Number).Select(r => r.Number).ToListAsync(cancellationToken);
                pending = new(numbers.Count);
                foreach (var number in numbers)
                {
                    pending.Add((number, await RevisionDocuments.ReadAsync(db, number, cancellationToken) ?? throw new InvalidOperationException($"Revision {number} has no stored document to apply.")));
                }
            }
            catch (Exception ex) when (GatewayDatabase.IsUnreachable(ex))
            {
                Connectivity.Lost(ex);
                throw new StoreUnavailableException("The configuration database is unreachable.", ex);
            }

            var count = 0;
            foreach (var (number, text) in pending)
            {
                var errors = new List<ValidationError>();
                var document = await _keys.AttachAsync(ParseStored(text, number), errors, cancellationToken);
                var built = errors.Count == 0 ? await _publisher.BuildAsync(_localize(document), $"revision {number}", cancellationToken) : null;
                if (built is not { Succeeded: true })
                {
                    LogFollowFailed(_logger, number, string.Join("; ", built?.Errors ?? errors));
                    break;
                }

                _publisher.Publish(built.Snapshot!);
                await AppliedAsync(number, document, text, cancellationToken);
                count++;
            }

            Connectivity.Recovered(AppliedRevision);
            return count;
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>Records <paramref name="number"/> as in force, and on a shared store keeps its local copy.</summary>
    private async Task AppliedAsync(long number, GatewayConfig document, string canonical, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _applied, number);
        _cached = new CachedRevision(new StoredDocument(number, document), canonical);
        if (!_database.IsPostgres)
        {
            return;
        }

        try
        {
            new LocalSnapshot(number, canonical, await _keys.ProtectedKeysAsync(document, cancellationToken)).Save(LocalSnapshot.PathFor(_database));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogLocalCopyFailed(_logger, number, ex);
        }
    }

    /// <summary>At start-up on a shared store that cannot be reached: the local copy of the last revision applied, or a failure saying why not.</summary>
    private ConfigLoadResult LoadLocalCopy(Exception unreachable)
    {
        Connectivity.Lost(unreachable);
        var path = LocalSnapshot.PathFor(_database);
        var copy = LocalSnapshot.Load(path);
        if (copy is null)
        {
            return ConfigLoadResult.Failure(
                [new("", $"The configuration database ({_database.Describe()}) is unreachable ({unreachable.GetBaseException().Message}), and this node has no local copy of a revision ({path}): it has never applied one. Start it once while the database is reachable.")],
                "local copy");
        }

        var errors = new List<ValidationError>();
        var document = CanonicalJson.TryParse(copy.Document, out var parsed, out var parseErrors) ? _keys.Attach(parsed!, copy.ProtectedKeys, errors) : null;
        if (document is null || errors.Count > 0)
        {
            return ConfigLoadResult.Failure(document is null ? parseErrors : errors, $"revision {copy.Revision} (local copy)");
        }

        Interlocked.Exchange(ref _applied, copy.Revision);
        _cached = new CachedRevision(new StoredDocument(copy.Revision, document), copy.Document);
        LogStartedFromLocalCopy(_logger, copy.Revision, path);
        return ConfigLoadResult.Success(_localize(document), $"revision {copy.Revision} (local copy)");
    }

    [LoggerMessage(14, LogLevel.Error, "Revision {Revision}, committed on another node, cannot be applied on this one, which keeps the revision it serves: {Errors}")]
    private static partial void LogFollowFailed(ILogger logger, long revision, string errors);

    [LoggerMessage(15, LogLevel.Warning, "Could not keep the local copy of revision {Revision}; a start while the database is unreachable would use an older one.")]
    private static partial void LogLocalCopyFailed(ILogger logger, long revision, Exception exception);

    [LoggerMessage(16, LogLevel.Warning, "Started from the local copy of revision {Revision} ({Path}): the configuration database is unreachable. The node follows the database again when it is back.")]
    private static partial void LogStartedFromLocalCopy(ILogger logger, long revision, string path);
}
