namespace Gateway.Core.Validation;

/// <summary>One problem in a configuration document: where it is and what to do about it.</summary>
/// <param name="Path">The field at fault, e.g. <c>routes[api].cluster</c>.</param>
/// <param name="Message">A sentence a person can act on.</param>
/// <param name="Line">For problems inside rules text: the 1-based line in that text.</param>
/// <param name="Column">For problems inside rules text: the 1-based column in that line.</param>
public sealed record ValidationError(string Path, string Message, int? Line = null, int? Column = null)
{
    public override string ToString() => $"{Path}: {Message}";
}
