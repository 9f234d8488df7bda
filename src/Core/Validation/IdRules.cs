namespace Gateway.Core.Validation;

/// <summary>What an entity id may look like, and the check that ids in one collection are unique.</summary>
internal static class IdRules
{
    public const int MaxLength = 100;

    public static bool IsValid(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Reports bad and duplicate ids, and returns the set of valid ids (case-insensitive).</summary>
    public static HashSet<string> Check<T>(IReadOnlyList<T> items, Func<T, string?> id, string collection, string noun, ValidationErrors errors)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var reported = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < items.Count; i++)
        {
            var value = id(items[i]);
            var path = ValidationErrors.EntityPath(collection, value, i);
            if (!IsValid(value))
            {
                errors.Add($"{path}.id", $"The {noun} id '{value}' is not valid: use 1 to {MaxLength} letters, digits, '-', '_' or '.'.");
                continue;
            }

            if (!seen.Add(value!) && reported.Add(value!))
            {
                errors.Add($"{path}.id", $"The {noun} id '{value}' is used more than once; ids must be unique (case-insensitive).");
            }
        }

        return seen;
    }
}
