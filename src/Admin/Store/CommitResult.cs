using Gateway.Core.Validation;

namespace Gateway.Admin.Store;

public enum CommitStatus
{
    Committed,

    /// <summary>The base revision was not the latest; nothing was written.</summary>
    Conflict,

    /// <summary>The operations or the resulting document are invalid; nothing was written.</summary>
    Invalid,

    /// <summary>The revision asked for does not exist.</summary>
    NotFound,
}

/// <summary>What a commit, rewind or import did.</summary>
/// <param name="Status">Whether it was committed, and if not, why.</param>
/// <param name="Revision">The new revision when committed; otherwise the latest revision.</param>
/// <param name="Errors">Every problem, with its path, when invalid.</param>
public sealed record CommitResult(CommitStatus Status, long Revision, IReadOnlyList<ValidationError> Errors)
{
    public bool Succeeded => Status == CommitStatus.Committed;

    /// <summary>For a commit, its change summary ("2 added, 1 changed") as history shows it.</summary>
    public string? Summary { get; init; }
}
