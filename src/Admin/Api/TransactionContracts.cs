using Gateway.Admin.Api.Http;

namespace Gateway.Admin.Api;

/// <summary>Begins a transaction on <c>baseRevision</c> (the latest when left out).</summary>
internal sealed record BeginTransactionRequest(long? BaseRevision = null);

internal sealed record TransactionInfo(string Id, string Author, long BaseRevision, DateTimeOffset CreatedUtc, DateTimeOffset ExpiresUtc, int Operations);

/// <summary>
/// What committing the transaction would do now: the changes against its base, and whether it would be
/// accepted (<c>valid</c>: every error otherwise; <c>stale</c>: another revision was committed since its base).
/// </summary>
internal sealed record TransactionPreview(
    string Id, long BaseRevision, long LatestRevision, bool Stale, bool Valid,
    IReadOnlyList<ApiError> Errors, IReadOnlyList<EntityChangeInfo> Changes, IReadOnlyList<DiffLineInfo> Lines);

internal sealed record CommitTransactionRequest(string? Message = null);
