namespace Gateway.Core.Validation;

/// <summary>RFC 9110's <c>token</c>, which header names and (RFC 6265) cookie names are.</summary>
internal static class HttpToken
{
    private const string Separators = "()<>@,;:\\\"/[]?={}";

    public static bool IsValid(string? text) =>
        !string.IsNullOrEmpty(text) && text.All(c => c > ' ' && c < 127 && !Separators.Contains(c, StringComparison.Ordinal));
}
