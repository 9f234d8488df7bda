using System.Globalization;
using Gateway.Core.Configuration;

namespace Gateway.Admin.Ui.Forms;

/// <summary>Text inputs to model values and back; a value that does not parse becomes an error on its field.</summary>
internal static class FormValues
{
    private static readonly char[] ListSeparators = [',', ' ', '\n', '\r', '\t'];

    /// <summary>"a, b c" or one per line → ["a", "b", "c"].</summary>
    public static IReadOnlyList<string> List(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : text.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static string Text(IReadOnlyList<string> values) => string.Join(", ", values);

    public static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>Empty → null; a whole number → it; anything else → an error on <paramref name="field"/>.</summary>
    public static int? Integer(string? text, string field, string meaning, FormErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.Add(field, $"'{text.Trim()}' is not a whole number; {meaning}.");
        return null;
    }

    public static string Text(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    /// <summary>Empty → null; otherwise a duration in the one grammar of <see cref="DurationText"/> (a number is seconds), or an error on <paramref name="field"/>.</summary>
    public static TimeSpan? Duration(string? text, string field, string meaning, FormErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DurationText.TryParse(text, out var value, out var error))
        {
            return value;
        }

        errors.Add(field, $"{error.TrimEnd('.')}; {meaning}.");
        return null;
    }

    public static string Text(TimeSpan? value) => value is { } duration ? DurationText.Format(duration) : "";
}
