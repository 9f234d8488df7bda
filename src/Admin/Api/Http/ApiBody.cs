using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Core.Serialization;
using Gateway.Core.Validation;
using Microsoft.AspNetCore.Http;

namespace Gateway.Admin.Api.Http;

/// <summary>A request body read as the endpoint expects it, or the problem to answer with instead.</summary>
internal readonly record struct Body<T>(T? Value, IResult? Problem)
    where T : class
{
    public static implicit operator Body<T>(T value) => new(value, null);

    public static Body<T> Fail(IResult problem) => new(null, problem);
}

/// <summary>
/// Reads request bodies. The size limit is enforced by the server while reading (see
/// <see cref="ApiRequestLimits"/>); here the body is checked for its media type and parsed, and
/// every failure becomes a problem naming what was wrong and where.
/// </summary>
internal static class ApiBody
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    /// <summary>The body as a JSON object (merge-patch bodies too).</summary>
    public static async Task<Body<JsonObject>> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!IsJson(request.ContentType))
        {
            return Body<JsonObject>.Fail(ApiProblems.UnsupportedMediaType("application/json"));
        }

        JsonNode? node;
        try
        {
            node = await JsonNode.ParseAsync(request.Body, documentOptions: DocumentOptions, cancellationToken: cancellationToken);
        }
        catch (JsonException ex)
        {
            return Body<JsonObject>.Fail(ApiProblems.Malformed("$", Describe(ex)));
        }

        return node is JsonObject value ? value : Body<JsonObject>.Fail(ApiProblems.Malformed("$", "The body must be a JSON object."));
    }

    /// <summary>The body as <typeparamref name="T"/>: unknown fields, wrong types and missing required fields are problems.</summary>
    public static async Task<Body<T>> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        var json = await ReadObjectAsync(request, cancellationToken);
        if (json.Problem is not null)
        {
            return Body<T>.Fail(json.Problem);
        }

        var errors = new List<ValidationError>();
        var value = Convert<T>(json.Value!, "$", errors);
        return value is null ? Body<T>.Fail(ApiProblems.Malformed(errors)) : value;
    }

    /// <summary>Reads <paramref name="node"/> as <typeparamref name="T"/>; on failure adds the reason, at <paramref name="path"/> + the JSON path inside.</summary>
    public static T? Convert<T>(JsonNode node, string path, List<ValidationError> errors)
        where T : class
    {
        try
        {
            var value = node.Deserialize<T>(ApiJson.Options);
            if (value is null)
            {
                errors.Add(new(path, "Expected an object, found null."));
            }

            return value;
        }
        catch (JsonException ex)
        {
            errors.Add(new(Join(path, ex.Path), DescribeValueError(node, ex)));
            return null;
        }
    }

    /// <summary>
    /// Why <paramref name="node"/> did not convert. It was parsed already, so a type error is about a value, and the
    /// line and position System.Text.Json gives count in the node written out again, not in the body as sent (a merge
    /// patch is applied to the whole entity first, a batch operation's value sits inside the batch): the value found
    /// says it instead.
    /// </summary>
    private static string DescribeValueError(JsonNode node, JsonException ex)
    {
        var message = CanonicalJson.DescribeJsonError(ex);
        if (!message.StartsWith("Malformed JSON or a value of the wrong type", StringComparison.Ordinal))
        {
            return message;
        }

        return At(node, ex.Path) is { } value ? $"A value of the wrong type for this field: found {Found(value)}." : "A value of the wrong type for this field.";
    }

    private static string Found(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.String => $"the string {value.ToJsonString()}",
        JsonValueKind.Number => $"the number {value.ToJsonString()}",
        JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => value.ToJsonString(),
    };

    /// <summary>The node at a System.Text.Json path (<c>$.retry.count</c>, <c>$.servers[0].weight</c>, <c>$['a b']</c>), or null.</summary>
    private static JsonNode? At(JsonNode root, string? path)
    {
        if (path is null || !path.StartsWith('$'))
        {
            return null;
        }

        var node = root;
        var i = 1;
        while (i < path.Length && node is not null)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                node = node is JsonObject o && o.TryGetPropertyValue(path[(i + 1)..end], out var child) ? child : null;
                i = end;
            }
            else if (path[i] == '[' && i + 1 < path.Length && path[i + 1] == '\'')
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    return null;
                }

                node = node is JsonObject o && o.TryGetPropertyValue(path[(i + 2)..end], out var child) ? child : null;
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i + 1);
                if (end < 0 || !int.TryParse(path.AsSpan(i + 1, end - i - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
                {
                    return null;
                }

                node = node is JsonArray a && index < a.Count ? a[index] : null;
                i = end + 1;
            }
            else
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>The body as text (rules), line ends as sent.</summary>
    public static async Task<Body<string>> ReadTextAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentType is not { } type || !type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase))
        {
            return Body<string>.Fail(ApiProblems.UnsupportedMediaType("text/plain"));
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    /// <summary>The body as text, whatever its type, for documents (JSON or YAML) parsed elsewhere.</summary>
    public static async Task<string> ReadAllTextAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    public static bool IsJson(string? contentType) =>
        contentType is not null
        && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("application/merge-patch+json", StringComparison.OrdinalIgnoreCase));

    private static string Join(string path, string? inner) =>
        inner is null or "$" ? path : path + inner[1..];

    private static string Describe(JsonException ex) =>
        ex.LineNumber is { } line
            ? $"Malformed JSON at line {line + 1}, position {ex.BytePositionInLine + 1}: {FirstSentence(ex.Message)}"
            : $"Malformed JSON: {FirstSentence(ex.Message)}";

    // System.Text.Json appends "LineNumber: … | BytePositionInLine: …" and a path; the position is already given.
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        }

        return (cut < 0 ? message : message[..cut]).Trim();
    }
}
