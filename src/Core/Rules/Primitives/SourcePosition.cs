namespace Gateway.Core.Rules.Primitives;

/// <summary>
/// Where a piece of syntax was written. Positions are not part of a rule's meaning, so every
/// position equals every other one: the same rule written on another line compares equal.
/// </summary>
public readonly struct SourcePosition(int line, int column) : IEquatable<SourcePosition>
{
    public int Line { get; } = line;

    public int Column { get; } = column;

    public bool Equals(SourcePosition other) => true;

    public override bool Equals(object? obj) => obj is SourcePosition;

    public override int GetHashCode() => 0;

    public static bool operator ==(SourcePosition left, SourcePosition right) => left.Equals(right);

    public static bool operator !=(SourcePosition left, SourcePosition right) => !left.Equals(right);

    public override string ToString() => $"line {Line}, column {Column}";
}
