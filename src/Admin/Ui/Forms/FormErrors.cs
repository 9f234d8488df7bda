using Gateway.Core.Validation;

namespace Gateway.Admin.Ui.Forms;

/// <summary>
/// Validation errors sorted to the inputs they are about. The validator reports paths such as
/// <c>routes[api].cluster</c> or <c>clusters[web].servers[s1].address</c>; the part after the entity's
/// own path names the field (<c>cluster</c>, <c>servers[s1].address</c>). List indexes
/// (<c>hosts[2]</c>) go to the list's input (<c>hosts</c>). Errors about anything else are kept for
/// the summary above the form, so none is ever dropped.
/// </summary>
public sealed class FormErrors
{
    private readonly Dictionary<string, List<string>> _byField = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _general = [];

    public static FormErrors None { get; } = new();

    public bool Any => _byField.Count > 0 || _general.Count > 0;

    /// <summary>Errors that belong to no input of this form.</summary>
    public IReadOnlyList<string> General => _general;

    /// <summary>The messages for one field (e.g. <c>address</c>, <c>servers[s1].address</c>); empty when it has none.</summary>
    public IReadOnlyList<string> For(string field) => _byField.TryGetValue(field, out var messages) ? messages : [];

    /// <param name="errors">Everything the store or validator said.</param>
    /// <param name="fields">The fields the form has inputs for (the validator's names: <c>address</c>, <c>maxConnections</c>).</param>
    /// <param name="entityPaths">The paths the form's entity may be reported under, e.g. <c>clusters[web]</c> and, for a new one whose id is not valid, <c>clusters[#</c>.</param>
    public static FormErrors From(IEnumerable<ValidationError> errors, IReadOnlyCollection<string> fields, params string[] entityPaths)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(fields);
        var result = new FormErrors();
        foreach (var error in errors)
        {
            var message = error.Line is { } line ? $"Line {line}, column {error.Column ?? 1}: {error.Message}" : error.Message;
            if (FieldOf(error.Path, entityPaths) is { } field && fields.Contains(field, StringComparer.OrdinalIgnoreCase))
            {
                result.Add(field, message);
            }
            else
            {
                result._general.Add(error.Path.Length == 0 ? message : $"{error.Path}: {message}");
            }
        }

        return result;
    }

    /// <summary>Adds an error of the form's own (a number that does not parse, say).</summary>
    public void Add(string field, string message)
    {
        if (!_byField.TryGetValue(field, out var messages))
        {
            _byField[field] = messages = [];
        }

        messages.Add(message);
    }

    /// <summary>The field a path names under one of <paramref name="entityPaths"/>; null when it is not about this entity.</summary>
    internal static string? FieldOf(string path, IReadOnlyList<string> entityPaths)
    {
        foreach (var entity in entityPaths)
        {
            if (!path.StartsWith(entity, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var rest = path[entity.Length..];
            if (entity.EndsWith("[#", StringComparison.Ordinal))
            {
                // An index path (the id was not usable): skip "3]".
                var close = rest.IndexOf(']', StringComparison.Ordinal);
                if (close < 0)
                {
                    continue;
                }

                rest = rest[(close + 1)..];
            }

            if (rest.Length == 0)
            {
                return "";
            }

            if (rest[0] != '.')
            {
                continue;
            }

            return StripTrailingIndex(rest[1..]);
        }

        return null;
    }

    // "hosts[2]" belongs to the hosts input; "servers[s1].address" keeps its server.
    private static string StripTrailingIndex(string field) =>
        field.EndsWith(']') && field.LastIndexOf('[') is var open and > 0 && field.LastIndexOf('.') < open ? field[..open] : field;
}
