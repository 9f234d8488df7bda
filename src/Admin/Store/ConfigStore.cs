using System.Globalization;
using Gateway.Admin.Store.Certificates;
using Gateway.Admin.Store.Rows;
using Gateway.Core.Configuration;
using Gateway.Core.Serialization;
using Gateway.Core.Sources;
using Gateway.Core.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Gateway.Management;

namespace Gateway.Admin.Store;

/// <summary>
/// The transactional config store. Every commit is one SQLite transaction that updates the
/// entity tables and appends one revision (with the operations' before and after images and the
/// full canonical document). A commit names the revision it was based on; a stale base changes
/// nothing and returns <see cref="CommitStatus.Conflict"/>. A commit returns once its snapshot
/// is live on this process's proxy. As the gateway's <see cref="IConfigSource"/>, the store
/// provides the latest revision at start-up.
/// </summary>
public sealed partial class ConfigStore : IConfigSource, IDisposable
{
    private readonly GatewayDatabase _database;
    private readonly IGatewaySnapshotPublisher _publisher;
    private readonly TimeProvider _time;
    private readonly ILogger<ConfigStore> _logger;
    private readonly StoreSeed _seed;
    private readonly CertificateKeyStore _keys;
    private readonly CommitMetrics? _metrics;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private volatile CachedRevision? _cached;
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    // This node's own settings over the shared document (listener addresses), for what it serves; never stored.
    private readonly Func<GatewayConfig, GatewayConfig> _localize;

    internal ConfigStore(GatewayDatabase database, IGatewaySnapshotPublisher publisher, TimeProvider time, ILogger<ConfigStore> logger, CertificateKeyStore keys, StoreSeed? seed = null, StoreConnectivity? connectivity = null, Func<GatewayConfig, GatewayConfig>? localize = null, CommitMetrics? metrics = null)
    {
        _metrics = metrics;
        _localize = localize ?? (static document => document);
        Connectivity = connectivity ?? new StoreConnectivity(time, Microsoft.Extensions.Logging.Abstractions.NullLogger<StoreConnectivity>.Instance);
        _keys = keys;
        _database = database;
        _publisher = publisher;
        _time = time;
        _logger = logger;
        _seed = seed ?? StoreSeed.Empty;
    }

    /// <summary>The latest revision's document; revision 0 and an empty document before the first commit.</summary>
    public StoredDocument Read()
    {
        using var db = _database.CreateContext();
        var latest = db.Revisions.Max(r => (long?)r.Number) ?? 0;
        return latest == 0 ? new StoredDocument(0, GatewayConfig.Empty) : DocumentAt(db, latest)!;
    }

    /// <summary>The document as of revision <paramref name="asOf"/>, or null when there is no such revision.</summary>
    public StoredDocument? Read(long asOf)
    {
        using var db = _database.CreateContext();
        return DocumentAt(db, asOf);
    }

    /// <summary>
    /// <see cref="Read()"/> without blocking: what code that awaits anything should call. On PostgreSQL the code after an
    /// await may run on a socket engine's thread (Gateway:Runtime:InlineIo), where a synchronous query can wait forever
    /// for the thread it blocks.
    /// </summary>
    public async Task<StoredDocument> ReadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = _database.CreateContext();
        var latest = await db.Revisions.MaxAsync(r => (long?)r.Number, cancellationToken) ?? 0;
        return latest == 0 ? new StoredDocument(0, GatewayConfig.Empty) : (await DocumentAtAsync(db, latest, cancellationToken))!;
    }

    /// <summary><see cref="Read(long)"/> without blocking (see <see cref="ReadAsync(CancellationToken)"/>).</summary>
    public async Task<StoredDocument?> ReadAsync(long asOf, CancellationToken cancellationToken = default)
    {
        await using var db = _database.CreateContext();
        return await DocumentAtAsync(db, asOf, cancellationToken);
    }

    /// <summary>Applies <paramref name="operations"/> to revision <paramref name="baseRevision"/> and commits the result as one new revision.</summary>
    public async Task<CommitResult> CommitAsync(long baseRevision, IReadOnlyList<ConfigOperation> operations, string author, string message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentException.ThrowIfNullOrWhiteSpace(author);
        ArgumentNullException.ThrowIfNull(message);

        var started = _time.GetTimestamp();
        var result = await CommitCoreAsync(baseRevision, operations, author, message, cancellationToken);
        _metrics?.Record(result.Status, _time.GetElapsedTime(started));
        return result;
    }

    private async Task<CommitResult> CommitCoreAsync(long baseRevision, IReadOnlyList<ConfigOperation> operations, string author, string message, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            return await CommitLockedAsync(baseRevision, operations, author, message, cancellationToken);
        }
        catch (Exception ex) when (_database.IsPostgres && GatewayDatabase.IsUnreachable(ex))
        {
            // Nothing was acknowledged: the transaction either committed before the connection broke (and the follower
            // applies it when the database is back) or it did not.
            Connectivity.Lost(ex);
            throw new StoreUnavailableException("The configuration database is unreachable; nothing was changed. This node keeps serving the last revision it applied.", ex);
        }
        finally
        {
            _writer.Release();
        }
    }

    private async Task<CommitResult> CommitLockedAsync(long baseRevision, IReadOnlyList<ConfigOperation> operations, string author, string message, CancellationToken cancellationToken)
    {
        {
            await using var db = _database.CreateContext();
            // BEGIN IMMEDIATE: the write lock is taken now, so the base check below and the
            // writes after it are one atomic step, also against other processes.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await _database.LockForCommitAsync(db, cancellationToken);
            var latest = await db.Revisions.MaxAsync(r => (long?)r.Number, cancellationToken) ?? 0;
            if (latest != baseRevision)
            {
                return new CommitResult(CommitStatus.Conflict, latest, [new("", $"The configuration changed since revision {baseRevision}; the latest revision is {latest}. Re-read it and apply your change again.")]);
            }

            // From here to the commit every query is awaited: see EntityRowWriter.Statements.
            var current = latest == 0 ? GatewayConfig.Empty : (await DocumentAtAsync(db, latest, cancellationToken))!.Document;
            var errors = new List<ValidationError>();
            var next = OperationApplier.Apply(current, operations, errors);
            if (errors.Count == 0)
            {
                next = await _keys.AttachAsync(next, errors, cancellationToken);
            }

            if (errors.Count > 0)
            {
                return new CommitResult(CommitStatus.Invalid, latest, errors);
            }

            var number = latest + 1;
            SnapshotBuildResult built;
            try
            {
                built = await _publisher.BuildAsync(_localize(next), $"revision {number}", cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogCompileFailed(_logger, number, ex);
                return new CommitResult(CommitStatus.Invalid, latest, [new("", $"Compiling the configuration failed unexpectedly: {ex.Message}")]);
            }

            if (!built.Succeeded)
            {
                return new CommitResult(CommitStatus.Invalid, latest, built.Errors);
            }

            var changes = DocumentChanges.Between(current, next);
            var summary = DocumentChanges.Summarize(changes);
            await EntityRowWriter.WriteAsync(db, changes, next, cancellationToken);
            await _keys.AddNewAsync(db, next, cancellationToken);
            var canonical = CanonicalJson.Serialize(next);
            var previous = latest == 0 ? null : _cached is { } cached && cached.Document.Revision == latest ? cached.Canonical : await RevisionDocuments.ReadAsync(db, latest, cancellationToken);
            db.Revisions.Add(new RevisionRow
            {
                Number = number,
                Parent = latest == 0 ? null : latest,
                CreatedUtc = _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                Author = author,
                Message = message,
                Summary = summary,
                Operations = ChangeLog.Serialize(changes),
                Document = "",
            });
            await RevisionDocuments.AddAsync(db, number, previous, canonical, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await _database.NotifyCommitAsync(db, number, cancellationToken);
            await transaction.CommitAsync(cancellationToken);

            await PruneIfDueAsync();
            _publisher.Publish(built.Snapshot!);
            await AppliedAsync(number, next, canonical, cancellationToken);
            Connectivity.Recovered(number);
            LogCommitted(_logger, number, author, summary);
            return new CommitResult(CommitStatus.Committed, number, []) { Summary = summary };
        }
    }

    /// <summary>Commits, as a new revision, the document of revision <paramref name="toRevision"/>. History is never rewritten.</summary>
    public async Task<CommitResult> RewindAsync(long toRevision, string author, string message, CancellationToken cancellationToken = default) =>
        await RewindAsync(toRevision, (await ReadAsync(cancellationToken)).Revision, author, message, cancellationToken);

    /// <summary>Rewinds to <paramref name="toRevision"/> as a commit based on <paramref name="baseRevision"/>: a conflict if that is no longer the latest.</summary>
    public async Task<CommitResult> RewindAsync(long toRevision, long baseRevision, string author, string message, CancellationToken cancellationToken = default)
    {
        var target = await ReadAsync(toRevision, cancellationToken);
        if (target is null)
        {
            var latest = (await ReadAsync(cancellationToken)).Revision;
            return new CommitResult(CommitStatus.NotFound, latest, [new("", $"There is no revision {toRevision}; the latest is {latest}.")]);
        }

        return await CommitAsync(baseRevision, [ConfigOperation.Replace(target.Document)], author, message, cancellationToken);
    }

    /// <summary>
    /// What committing <paramref name="operations"/> on <paramref name="baseRevision"/> would do, without writing or
    /// publishing anything: the resulting document, every validation error, the entity changes and the line diff
    /// against the base, and (when valid) the compiled snapshot, for explaining requests against it.
    /// </summary>
    public async Task<CommitPreview> PreviewAsync(long baseRevision, IReadOnlyList<ConfigOperation> operations, string version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var latest = (await ReadAsync(cancellationToken)).Revision;
        var based = baseRevision == 0 ? new StoredDocument(0, GatewayConfig.Empty) : await ReadAsync(baseRevision, cancellationToken);
        if (based is null)
        {
            return new CommitPreview(baseRevision, latest, null, [new("", $"There is no revision {baseRevision}; the latest is {latest}.")], [], [], null);
        }

        var errors = new List<ValidationError>();
        var next = OperationApplier.Apply(based.Document, operations, errors);
        if (errors.Count == 0)
        {
            next = await _keys.AttachAsync(next, errors, cancellationToken);
        }

        if (errors.Count > 0)
        {
            return new CommitPreview(baseRevision, latest, null, errors, [], [], null);
        }

        var built = await _publisher.BuildAsync(next, version, cancellationToken);
        var changes = DocumentChanges.Between(based.Document, next);
        var lines = LineDiff.Compute(CanonicalJson.Serialize(based.Document), CanonicalJson.Serialize(next));
        return new CommitPreview(baseRevision, latest, next, built.Succeeded ? [] : built.Errors, changes, lines, built.Snapshot);
    }

    /// <summary>Replaces the whole document with one in canonical JSON (as exported), based on <paramref name="baseRevision"/>.</summary>
    public Task<CommitResult> ImportJsonAsync(long baseRevision, string json, string author, string message, CancellationToken cancellationToken = default)
    {
        if (!CanonicalJson.TryParse(json, out var document, out var errors))
        {
            return Task.FromResult(new CommitResult(CommitStatus.Invalid, baseRevision, errors));
        }

        return CommitAsync(baseRevision, [ConfigOperation.Replace(document!)], author, message, cancellationToken);
    }

    /// <summary>Replaces the whole document with one in YAML (as exported), based on <paramref name="baseRevision"/>.</summary>
    public Task<CommitResult> ImportYamlAsync(long baseRevision, string yaml, string author, string message, CancellationToken cancellationToken = default)
    {
        if (!CanonicalYaml.TryParse(yaml, out var document, out var errors))
        {
            return Task.FromResult(new CommitResult(CommitStatus.Invalid, baseRevision, errors));
        }

        return CommitAsync(baseRevision, [ConfigOperation.Replace(document!)], author, message, cancellationToken);
    }

    /// <summary>The latest document in canonical JSON.</summary>
    public string ExportJson() => CanonicalJson.Serialize(Read().Document);

    /// <summary>The latest document in canonical YAML.</summary>
    public string ExportYaml() => CanonicalYaml.Serialize(Read().Document);

    /// <summary>Revisions, newest first.</summary>
    public IReadOnlyList<RevisionSummary> History(int page = 1, int pageSize = 50)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        using var db = _database.CreateContext();
        return [.. db.Revisions.OrderByDescending(r => r.Number).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(r => new { r.Number, r.Parent, r.CreatedUtc, r.Author, r.Message, r.Summary })
            .AsEnumerable()
            .Select(r => new RevisionSummary(r.Number, r.Parent, ParseTime(r.CreatedUtc), r.Author, r.Message, r.Summary))];
    }

    /// <summary>One revision with its changes and document, or null.</summary>
    public Revision? Get(long number)
    {
        using var db = _database.CreateContext();
        var row = db.Revisions.AsNoTracking().SingleOrDefault(r => r.Number == number);
        return row is null ? null : new Revision(
            new RevisionSummary(row.Number, row.Parent, ParseTime(row.CreatedUtc), row.Author, row.Message, row.Summary),
            ChangeLog.Parse(row.Operations),
            row.Document.Length > 0 ? row.Document : RevisionDocuments.Read(db, number));
    }

    /// <summary>What changed from revision <paramref name="from"/> to <paramref name="to"/> (either order), or null when either does not exist.</summary>
    public RevisionDiff? Diff(long from, long to)
    {
        using var db = _database.CreateContext();
        if (RevisionDocuments.Read(db, from) is not { } older || RevisionDocuments.Read(db, to) is not { } newer)
        {
            return null;
        }

        return new RevisionDiff(from, to, DocumentChanges.Between(ParseStored(older, from), ParseStored(newer, to)), LineDiff.Compute(older, newer));
    }

    /// <summary>On a database without revisions, commits <paramref name="initial"/> as revision 1 ("initial import").</summary>
    public async Task<CommitResult> SeedAsync(GatewayConfig initial, CancellationToken cancellationToken = default)
    {
        var latest = (await ReadAsync(cancellationToken)).Revision;
        return latest > 0
            ? new CommitResult(CommitStatus.Committed, latest, [])
            : await CommitAsync(0, [ConfigOperation.Replace(initial)], "system", "initial import", cancellationToken);
    }

    /// <summary>
    /// The latest revision, for the gateway at start-up. An empty store is first seeded from
    /// <see cref="StoreSeed"/>; a seed that is invalid is reported (and, for a store that does not
    /// exist yet, no database file is left behind).
    /// </summary>
    ConfigLoadResult IConfigSource.Load()
    {
        var seed = _seed.Load();
        if (seed.Config is null)
        {
            return ConfigLoadResult.Failure(seed.Errors, $"{seed.Version} (initial import)");
        }

        if (_database.IsAbsent)
        {
            var check = Wait(_publisher.BuildAsync(seed.Config, "initial import").AsTask());
            if (!check.Succeeded)
            {
                return ConfigLoadResult.Failure(check.Errors, $"{seed.Version} (initial import)");
            }
        }

        StoredDocument latest;
        try
        {
            latest = Read();
        }
        catch (Exception ex) when (_database.IsPostgres && GatewayDatabase.IsUnreachable(ex))
        {
            return LoadLocalCopy(ex);
        }

        if (latest.Revision == 0)
        {
            var seeded = Wait(SeedAsync(seed.Config));
            if (!seeded.Succeeded)
            {
                return ConfigLoadResult.Failure(seeded.Errors, $"{seed.Version} (initial import)");
            }

            latest = Read();
        }
        else if (CanonicalJson.Serialize(seed.Config) != CanonicalJson.Serialize(latest.Document))
        {
            var differences = string.Join(", ", StoreSeed.Differences(latest.Document, seed.Config));
            if (!_seed.Reimport)
            {
                LogSeedIgnored(_logger, latest.Revision, differences);
            }
            else
            {
                var reimported = Wait(CommitAsync(latest.Revision, [ConfigOperation.Replace(seed.Config)], "system", "re-import of the Gateway settings"));
                if (!reimported.Succeeded)
                {
                    return ConfigLoadResult.Failure(reimported.Errors, $"{seed.Version} (re-import)");
                }

                LogSeedReimported(_logger, reimported.Revision, differences);
                latest = Read();
            }
        }

        var keyErrors = new List<ValidationError>();
        var document = _keys.Attach(latest.Document, keyErrors);
        if (keyErrors.Count > 0)
        {
            return ConfigLoadResult.Failure(keyErrors, $"revision {latest.Revision}");
        }

        Wait(AppliedAsync(latest.Revision, document, CanonicalJson.Serialize(latest.Document), CancellationToken.None));
        return ConfigLoadResult.Success(_localize(document), $"revision {latest.Revision}");
    }

    public void Dispose() => _writer.Dispose();

    /// <summary>Commits publish their own snapshots, so there is nothing to watch.</summary>
    IDisposable IConfigSource.Watch(Action onChange) => NoSubscription.Instance;

    /// <summary>For tests of crash safety: the entity tables rebuilt into a document, to compare with the latest revision's.</summary>
    internal GatewayConfig ReadEntityTables()
    {
        using var db = _database.CreateContext();
        return EntityRows.ToConfig(
            [.. db.Listeners.Include(l => l.Certificates).AsNoTracking()],
            [.. db.Routes.Include(r => r.Listeners).AsNoTracking()],
            [.. db.Clusters.Include(c => c.Servers).AsNoTracking()],
            [.. db.Maps.Include(m => m.Entries).AsNoTracking()],
            [.. db.Certificates.AsNoTracking()],
            [.. db.StickTables.AsNoTracking()]);
    }

    // Start-up only (the host's own thread, before any socket is served): SQLite does its I/O synchronously even behind
    // EF Core's async methods.
    private static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();

    private static void Wait(Task task) => task.GetAwaiter().GetResult();

    private StoredDocument? DocumentAt(GatewayStoreContext db, long number) =>
        _cached is { } cached && cached.Document.Revision == number ? cached.Document : Parsed(number, RevisionDocuments.Read(db, number));

    private async Task<StoredDocument?> DocumentAtAsync(GatewayStoreContext db, long number, CancellationToken cancellationToken) =>
        _cached is { } cached && cached.Document.Revision == number ? cached.Document : Parsed(number, await RevisionDocuments.ReadAsync(db, number, cancellationToken));

    private static StoredDocument? Parsed(long number, string? text) => text is null ? null : new StoredDocument(number, ParseStored(text, number));

    /// <summary>Whether revision <paramref name="number"/> exists but its document was removed by the retention policy.</summary>
    public bool IsPruned(long number)
    {
        using var db = _database.CreateContext();
        return RevisionDocuments.IsPruned(db, number);
    }

    /// <summary>
    /// Applies the retention policy now (it also runs after commits, at most hourly); returns how many revisions lost
    /// their document.
    /// </summary>
    public int Prune()
    {
        _writer.Wait();
        try
        {
            using var db = _database.CreateContext();
            return PruneLocked(db);
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>
    /// Moves documents still stored whole in old revision rows to compact storage, applies the retention policy and
    /// gives the freed space back to the file system (<c>VACUUM</c>). Safe to run on a live store: commits wait.
    /// </summary>
    public CompactionResult Compact()
    {
        _writer.Wait();
        try
        {
            using var db = _database.CreateContext();
            var before = StoreCompaction.Bytes(db, _database);
            var converted = StoreCompaction.ConvertInlineDocuments(db);
            var pruned = PruneLocked(db);
            StoreCompaction.Vacuum(db, _database.IsPostgres);
            return new CompactionResult(converted, pruned, before, StoreCompaction.Bytes(db, _database));
        }
        finally
        {
            _writer.Release();
        }
    }

    // Called with the writer lock held, after a commit. Retention is a synchronous batch, run at most hourly: on the thread
    // pool, so that it never blocks the socket thread the commit may have continued on (Gateway:Runtime:InlineIo).
    private async Task PruneIfDueAsync()
    {
        var now = _time.GetUtcNow();
        if (!_database.Retention.IsSet || now - _lastPrune < TimeSpan.FromHours(1))
        {
            return;
        }

        try
        {
            await Task.Run(() =>
            {
                using var db = _database.CreateContext();
                PruneLocked(db);
            });
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or DbUpdateException)
        {
            // The commit has landed; pruning is tried again after the next one.
            LogPruneFailed(_logger, ex.Message);
        }
    }

    private int PruneLocked(GatewayStoreContext db)
    {
        _lastPrune = _time.GetUtcNow();
        using var transaction = db.Database.BeginTransaction();
        var pruned = RevisionRetention.Apply(db, _database.Retention, _lastPrune);
        transaction.Commit();
        if (pruned > 0)
        {
            LogPruned(_logger, pruned);
        }

        return pruned;
    }

    /// <summary>The latest revision, parsed, with its canonical text (the base of the next commit's patch).</summary>
    private sealed record CachedRevision(StoredDocument Document, string Canonical);

    private static GatewayConfig ParseStored(string text, long number) =>
        CanonicalJson.TryParse(text, out var document, out var errors)
            ? document!
            : throw new InvalidOperationException($"Revision {number} holds a document this build cannot read: {string.Join("; ", errors)}");

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    [LoggerMessage(10, LogLevel.Information, "Committed revision {Revision} by {Author}: {Summary}.")]
    private static partial void LogCommitted(ILogger logger, long revision, string author, string summary);

    [LoggerMessage(12, LogLevel.Warning, "The Gateway section of the host's configuration (appsettings.json, environment, command line) differs from the store's revision {Revision}, which is in force, in: {Differences}. That section only seeds an empty store; change the running configuration through the store, or start once with --reimport-settings to commit the section as a new revision.")]
    private static partial void LogSeedIgnored(ILogger logger, long revision, string differences);

    [LoggerMessage(13, LogLevel.Warning, "Re-imported the Gateway section of the host's configuration as revision {Revision} (--reimport-settings); it changed: {Differences}.")]
    private static partial void LogSeedReimported(ILogger logger, long revision, string differences);

    [LoggerMessage(20, LogLevel.Information, "Retention policy: removed the stored documents of {Count} old revisions (their history lines and changes are kept).")]
    private static partial void LogPruned(ILogger logger, int count);

    [LoggerMessage(21, LogLevel.Warning, "Applying the retention policy failed ({Reason}); it is tried again after the next commit.")]
    private static partial void LogPruneFailed(ILogger logger, string reason);

    [LoggerMessage(11, LogLevel.Error, "Compiling revision {Revision} failed unexpectedly; nothing was written.")]
    private static partial void LogCompileFailed(ILogger logger, long revision, Exception exception);

    private sealed class NoSubscription : IDisposable
    {
        public static readonly NoSubscription Instance = new();

        public void Dispose()
        {
        }
    }
}
