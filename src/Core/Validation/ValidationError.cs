namespace Gateway.Core.Validation;

/// <summary>One problem in a configuration document: where it is and what to do about it.</summary>
/// <param name="Path">The field at fault, e.g. <c>routes[api].cluster</c>.</param>
/// <param name="Message">A sentence a person can act on.</param>
public sealed record ValidationError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
