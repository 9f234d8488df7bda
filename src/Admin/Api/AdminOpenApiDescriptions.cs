using System.Text.Json.Serialization;
using Gateway.Admin.Api.Http;
using Gateway.Core.Configuration;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Gateway.Admin.Api;

/// <summary>
/// Words the OpenAPI document would otherwise lack: what each path and query parameter means, the <c>message</c> every
/// configuration write takes, and the one grammar of durations on every duration field.
/// </summary>
internal static class AdminOpenApiDescriptions
{
    /// <summary>The custom format of duration fields; the description says the grammar.</summary>
    public const string DurationFormat = "gateway-duration";

    private static readonly Dictionary<string, string> Parameters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["id"] = "The entity's id, as in the document (compared without regard to case).",
        ["cluster"] = "The id of the cluster the servers belong to.",
        ["number"] = "A revision number, as history lists them.",
        ["page"] = "Which page of the list, from 1 (newest first).",
        ["pageSize"] = "How many items a page holds.",
        ["from"] = "The older revision of the comparison.",
        ["to"] = "The newer revision of the comparison.",
        ["context"] = "How many unchanged lines to show around each change (default 3); runs further away are folded into one `skipped` line.",
        ["linesPage"] = "Which page of the line diff to return (1 or more; default 1).",
        ["linesPageSize"] = "How many lines a page of the line diff holds (1 to 20000; default 2000).",
        ["message"] = "The commit message the new revision records (history shows it); left out, the revision says what the request did.",
        ["guard"] = "Guard this commit: for a window after it, the 5xx rate and p99 latency of the routes it touched are compared with the minutes before, "
            + "and the commit is rewound by itself (a new revision by author guard) when they get worse. true for the default window, "
            + "a window such as 30s, 60s or 2m, false or left out for none; a window that is not a duration, or out of range, is refused with 400 and nothing is committed. "
            + "The answer's Gateway-Guard header names the guard to follow (GET /api/v1/guards/{revision}).",
        ["name"] = "The user's name.",
        ["rules"] = "The rules text, one rule a line.",
        ["top"] = "How many entries to list, busiest first (by the data type named in 'by').",
        ["by"] = "The stored data type that orders the entries, e.g. http_req_rate.",
        ["key"] = "One entry's key, written as the table's type reads it (an IP address, an integer, a string).",
    };

    public static void Configure(OpenApiOptions options)
    {
        options.AddOperationTransformer((operation, context, _) =>
        {
            // Commits read ?message= and ?guard= in one place (ConfigWrites), not as handler parameters the generator would see.
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<CommitMetadata>().Any())
            {
                AddQuery(operation, "message", new OpenApiSchema { Type = JsonSchemaType.String });
                AddQuery(operation, "guard", new OpenApiSchema { Type = JsonSchemaType.String });
            }

            foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
            {
                if (string.IsNullOrEmpty(parameter.Description) && parameter.Name is { } name && Parameters.TryGetValue(name, out var description))
                {
                    parameter.Description = description;
                }
            }

            return Task.CompletedTask;
        });
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(JsonConverterAttribute), inherit: false)
                    .OfType<JsonConverterAttribute>().Any(a => a.ConverterType?.Name == "DurationJsonConverter") == true)
            {
                schema.Type = JsonSchemaType.String | JsonSchemaType.Number | JsonSchemaType.Null;
                schema.Format = DurationFormat;
                schema.Description = $"A duration: {DurationText.Grammar}. Written back as hh:mm:ss.";
            }

            return Task.CompletedTask;
        });
    }

    private static void AddQuery(OpenApiOperation operation, string name, OpenApiSchema schema)
    {
        if (operation.Parameters?.Any(p => p.Name == name) == true)
        {
            return;
        }

        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Query, Schema = schema });
    }
}
