namespace Gateway.Http1.Parsing;

/// <summary>What reading a head came to.</summary>
internal enum HeadParseStatus
{
    /// <summary>The head is not whole yet: read more.</summary>
    Incomplete,

    /// <summary>Parsed; <see cref="HeadParseResult.Length"/> bytes are the head.</summary>
    Complete,

    /// <summary>Malformed: answer <see cref="HeadParseResult.Status"/> and close, forward nothing.</summary>
    Invalid,

    /// <summary>Valid perhaps, but not something this core serves: give the connection, unread, to Kestrel.</summary>
    HandOff,
}

internal readonly record struct HeadParseResult(HeadParseStatus Kind, int Length = 0, int Status = 0, string? Reason = null)
{
    public static HeadParseResult Incomplete => new(HeadParseStatus.Incomplete);

    public static HeadParseResult Bad(string reason, int status = 400) => new(HeadParseStatus.Invalid, 0, status, reason);

    public static HeadParseResult Pass(string reason) => new(HeadParseStatus.HandOff, 0, 0, reason);
}
