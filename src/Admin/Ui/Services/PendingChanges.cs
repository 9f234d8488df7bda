using System.Collections.Concurrent;
using System.Security.Claims;
using Gateway.Admin.Store;
using Gateway.Admin.Transactions;
using Gateway.Admin.Ui.Security;
using Gateway.Admin.Ui.Services.Conflicts;
using Gateway.Core.Configuration;
using Gateway.Core.Serialization;
using Gateway.Core.Validation;

namespace Gateway.Admin.Ui.Services;

/// <summary>
/// Every edit made in the admin pages is staged here, never committed directly: each signed-in person
/// has at most one open transaction (the API's <see cref="TransactionRegistry"/>, so the same expiry
/// applies), which they review, commit with a message, or discard. An edit is staged whole or not at
/// all: it is refused when it cannot apply or when it would add a validation error the pending
/// document did not have, and the refusal carries every such error with its field path.
/// </summary>
internal sealed class PendingChanges(TransactionRegistry transactions, ConfigStore store)
{
    private readonly ConcurrentDictionary<string, string> _transactionOf = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _begin = new();

    /// <summary>The person's open transaction, or null when they have nothing pending (or it expired).</summary>
    public OpenTransaction? Current(string author)
    {
        if (!_transactionOf.TryGetValue(author, out var id))
        {
            return null;
        }

        if (transactions.Find(id, author) is { } open)
        {
            return open;
        }

        _transactionOf.TryRemove(new KeyValuePair<string, string>(author, id));
        return null;
    }

    /// <summary>How many operations the person has staged.</summary>
    public int Count(string author) => Current(author)?.Count ?? 0;

    /// <summary>What the person sees and edits: the live document with their staged operations applied.</summary>
    public PendingState State(string author)
    {
        var latest = store.Read();
        return Current(author) is { } open
            ? new PendingState(open.BaseRevision, latest.Revision, open.Document, open.Count)
            : new PendingState(latest.Revision, latest.Revision, latest.Document, 0);
    }

    /// <summary>What the person's staged operations change against their base, by collection and id (empty when nothing is staged).</summary>
    public IReadOnlyList<EntityChange> Changes(string author) =>
        Current(author) is { } open && store.Read(open.BaseRevision) is { } based
            ? DocumentChanges.Between(based.Document, open.Document)
            : [];

    /// <summary>
    /// Stages <paramref name="operations"/> in the person's transaction, beginning one on the latest revision
    /// when they have none. Viewers are refused whatever they send.
    /// </summary>
    public StageResult Stage(ClaimsPrincipal user, IReadOnlyList<ConfigOperation> operations) => Stage(user, operations, attemptsLeft: 3);

    private StageResult Stage(ClaimsPrincipal user, IReadOnlyList<ConfigOperation> operations, int attemptsLeft)
    {
        ArgumentNullException.ThrowIfNull(operations);
        if (!UserRoles.CanEdit(user))
        {
            return StageResult.Forbidden;
        }

        var author = user.Identity!.Name!;
        var transaction = GetOrBegin(author);
        lock (transaction.Gate)
        {
            // Another tab's commit, rebase or discard closed it while this waited: stage in the one that follows.
            if (!ReferenceEquals(Current(author), transaction))
            {
                return attemptsLeft > 1
                    ? Stage(user, operations, attemptsLeft - 1)
                    : new StageResult(StageStatus.Invalid, [new("", "Your pending changes were committed or discarded in another tab while this was saved; nothing was staged, so save it again.")]);
            }

            var errors = new List<ValidationError>();
            var next = OperationApplier.Apply(transaction.Document, operations, errors);
            if (errors.Count > 0)
            {
                return new StageResult(StageStatus.Invalid, errors);
            }

            var introduced = NewErrors(ConfigValidator.Validate(transaction.Document), ConfigValidator.Validate(next));
            if (introduced.Count > 0)
            {
                return new StageResult(StageStatus.Invalid, introduced);
            }

            // The document's own checks passed; the gateway's (YARP's route templates, certificates) run too, as on a
            // commit, so an edit the commit would refuse is refused now, at its field, instead of blocking the others.
            var refused = store.Check(next);
            if (refused.Count > 0 && NewErrors(store.Check(transaction.Document), refused) is { Count: > 0 } added)
            {
                return new StageResult(StageStatus.Invalid, added);
            }

            transaction.Stage(operations, next);
            return new StageResult(StageStatus.Staged, []);
        }
    }

    /// <summary>What committing would do: the diff against the transaction's base, every error, and whether the base is stale.</summary>
    public async Task<CommitPreview?> PreviewAsync(string author, CancellationToken cancellationToken = default) =>
        Current(author) is { } open
            ? await store.PreviewAsync(open.BaseRevision, open.Operations(), $"pending changes of {author}", cancellationToken)
            : null;

    /// <summary>
    /// Commits the person's staged operations as one revision. On success the transaction is closed; on a
    /// conflict (someone committed since its base) or invalid result it stays open, to be rebased or discarded.
    /// </summary>
    public async Task<CommitResult?> CommitAsync(ClaimsPrincipal user, string message, CancellationToken cancellationToken = default)
    {
        if (!UserRoles.CanEdit(user) || Current(user.Identity!.Name!) is not { } open)
        {
            return null;
        }

        var author = user.Identity.Name!;
        var operations = open.Operations();
        var text = string.IsNullOrWhiteSpace(message) ? DefaultMessage(operations.Count) : message.Trim();
        var result = await store.CommitAsync(open.BaseRevision, operations, author, text, cancellationToken);
        if (result.Succeeded)
        {
            CloseCommitted(author, open, operations.Count);
        }

        return result;
    }

    /// <summary>
    /// Closes a committed transaction. What another tab staged in it while the commit was being written was
    /// not committed; it stays pending, moved onto the revision just committed (which holds everything it was staged on).
    /// </summary>
    private void CloseCommitted(string author, OpenTransaction open, int committed)
    {
        lock (open.Gate)
        {
            var later = open.Operations().Skip(committed).ToList();
            var latest = store.Read();
            var errors = new List<ValidationError>();
            var document = later.Count == 0 ? latest.Document : OperationApplier.Apply(latest.Document, later, errors);
            Replace(author, open, latest, later, errors.Count == 0 ? document : latest.Document);
        }
    }

    /// <summary>The message of a commit made without one: "1 change from the admin pages", "3 changes from …".</summary>
    internal static string DefaultMessage(int count) => $"{count} {(count == 1 ? "change" : "changes")} from the admin pages";

    /// <summary>
    /// Moves the person's staged operations onto the latest revision (after someone else committed) with
    /// <see cref="ConflictRebase"/>: operations on entities the newer commits changed too, and operations that no
    /// longer apply, are left out and reported in the plan, never forced over someone's work. When what is kept
    /// would add validation errors, nothing changes and the errors say why. With <paramref name="onto"/> (the revision
    /// the person saw and confirmed what would be left out for), nothing changes when another revision is latest by now.
    /// </summary>
    public RebaseResult Rebase(ClaimsPrincipal user, long? onto = null)
    {
        if (!UserRoles.CanEdit(user))
        {
            return new RebaseResult(StageResult.Forbidden.Status, StageResult.Forbidden.Errors, null);
        }

        var author = user.Identity!.Name!;
        if (Current(author) is not { } open)
        {
            return new RebaseResult(StageStatus.Staged, [], null);
        }

        // Under the gate, so an edit another tab stages meanwhile is either in the plan or staged after it.
        lock (open.Gate)
        {
            var latest = store.Read();
            if (onto is { } expected && latest.Revision != expected)
            {
                return new RebaseResult(StageStatus.Invalid, [new("", $"Revision {latest.Revision} was committed after you looked, so nothing was rebased; see what a rebase onto it would leave out now.")], null);
            }

            var based = store.Read(open.BaseRevision)?.Document ?? GatewayConfig.Empty;
            var plan = ConflictRebase.Plan(based, latest, open.Operations());
            var errors = NewErrors(ConfigValidator.Validate(latest.Document), ConfigValidator.Validate(plan.Document));
            if (errors.Count > 0)
            {
                return new RebaseResult(StageStatus.Invalid, errors, plan);
            }

            Replace(author, open, latest, plan.Kept, plan.Document);
            return new RebaseResult(StageStatus.Staged, [], plan);
        }
    }

    /// <summary>Drops the person's staged operations; nothing of them was stored. False when there were none.</summary>
    public bool Discard(string author) => Current(author) is { } open && Close(author, open);

    private OpenTransaction GetOrBegin(string author)
    {
        lock (_begin)
        {
            if (Current(author) is { } open)
            {
                return open;
            }

            var begun = transactions.Begin(author, store.Read());
            _transactionOf[author] = begun.Id;
            return begun;
        }
    }

    /// <summary>
    /// Closes <paramref name="open"/> and, when <paramref name="operations"/> remain, begins the person's next transaction
    /// on <paramref name="latest"/> with them staged; as one step, so no other tab begins one in between.
    /// </summary>
    private void Replace(string author, OpenTransaction open, StoredDocument latest, IReadOnlyList<ConfigOperation> operations, GatewayConfig document)
    {
        lock (_begin)
        {
            Close(author, open);
            if (operations.Count == 0)
            {
                return;
            }

            var reopened = transactions.Begin(author, latest);
            lock (reopened.Gate)
            {
                reopened.Stage(operations, document);
            }

            _transactionOf[author] = reopened.Id;
        }
    }

    /// <summary>Under the transaction's gate, so a tab waiting to stage in it sees it closed and stages in the next one.</summary>
    private bool Close(string author, OpenTransaction open)
    {
        lock (open.Gate)
        {
            _transactionOf.TryRemove(new KeyValuePair<string, string>(author, open.Id));
            return transactions.Remove(open);
        }
    }

    /// <summary>Errors of <paramref name="after"/> that <paramref name="before"/> did not have (by path and message).</summary>
    internal static List<ValidationError> NewErrors(IReadOnlyList<ValidationError> before, IReadOnlyList<ValidationError> after)
    {
        var known = before.Select(e => (e.Path, e.Message)).ToHashSet();
        return [.. after.Where(e => !known.Contains((e.Path, e.Message)))];
    }
}

/// <summary>The document a person is editing: <see cref="Document"/> is revision <see cref="BaseRevision"/> plus their <see cref="Count"/> staged operations.</summary>
internal sealed record PendingState(long BaseRevision, long LatestRevision, GatewayConfig Document, int Count)
{
    /// <summary>Someone committed after the person began staging: committing now would conflict.</summary>
    public bool IsStale => BaseRevision != LatestRevision;
}

internal enum StageStatus
{
    Staged,
    Invalid,
    Forbidden,
}

internal sealed record StageResult(StageStatus Status, IReadOnlyList<ValidationError> Errors)
{
    public static StageResult Forbidden { get; } = new(StageStatus.Forbidden, [new("", "Viewers cannot change the configuration; ask an admin for the editor role.")]);

    public bool Succeeded => Status == StageStatus.Staged;
}

/// <summary>What a rebase did: <see cref="Plan"/> says which staged operations were kept and which were left out, and why.</summary>
internal sealed record RebaseResult(StageStatus Status, IReadOnlyList<ValidationError> Errors, RebasePlan? Plan)
{
    public bool Succeeded => Status == StageStatus.Staged;
}
