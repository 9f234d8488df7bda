using Gateway.Admin.Api.Http;
using Gateway.Admin.Api.Security;
using Gateway.Core.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Gateway.Admin.Api;

/// <summary>
/// The admin API's OpenAPI document (Microsoft.AspNetCore.OpenApi), served at
/// <c>/api/v1/openapi.json</c> without authentication: it describes the API, not the configuration.
/// It is a document of its own, so a host that embeds the gateway keeps its own documents unchanged.
/// </summary>
internal static class AdminOpenApi
{
    public const string DocumentName = "gateway-admin";
    private const string BearerScheme = "bearer";

    public static void Configure(OpenApiOptions options)
    {
        options.ShouldInclude = description => description.GroupName == DocumentName;
        // The document's own shapes are named after what they are: Route, not RouteJson.
        options.CreateSchemaReferenceId = type =>
            OpenApiOptions.CreateDefaultSchemaReferenceId(type) is { } id && IsDocumentShape(type.Type) ? WithoutShapeSuffix(id) : OpenApiOptions.CreateDefaultSchemaReferenceId(type);
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Gateway admin API",
                Version = "v1",
                Description = "Configuration, history, transactions, simulation, tokens and users of the gateway. "
                    + "Send Authorization: Bearer <token>. Configuration responses carry ETag: \"<revision>\"; writes need If-Match with it.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = BearerScheme,
                Description = "An API token (gw_…), created by an admin or printed once at first start.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<AdminApiEndpointMetadata>().LastOrDefault()?.Role is not null)
            {
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }];
            }

            if (metadata.OfType<RequestBodyMetadata>().LastOrDefault() is { } body)
            {
                var schema = await BodySchemaAsync(body.Type, context, context.Description.HttpMethod == "PATCH", cancellationToken);
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = body.ContentTypes.ToDictionary(type => type, _ => new OpenApiMediaType { Schema = schema }),
                };
            }
        });
        options.AddSchemaTransformer((schema, _, _) =>
        {
            // The host's JSON options may read numbers from strings; this API does not.
            if (schema.Type is { } type && (type & (JsonSchemaType.Integer | JsonSchemaType.Number)) != 0 && (type & JsonSchemaType.String) != 0)
            {
                schema.Type = type & ~JsonSchemaType.String;
                schema.Pattern = null;
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>
    /// A request body's schema, as a reference to the shared component where it has one. A merge patch
    /// takes any subset of the entity's fields, so its copy requires none.
    /// </summary>
    private static async Task<IOpenApiSchema> BodySchemaAsync(Type type, OpenApiOperationTransformerContext context, bool patch, CancellationToken cancellationToken)
    {
        var schema = await context.GetOrCreateSchemaAsync(type, null, cancellationToken);
        if (patch && schema is OpenApiSchema entity && entity.CreateShallowCopy() is OpenApiSchema copy)
        {
            copy.Required = new HashSet<string>();
            copy.Description = "Any of the fields, as a JSON merge patch (RFC 7396): null removes a field.";
            return copy;
        }

        if (type == typeof(string) || !type.IsClass || type.IsGenericType || context.Document is null)
        {
            return schema;
        }

        var id = IsDocumentShape(type) ? WithoutShapeSuffix(type.Name) : type.Name;
        context.Document.AddComponent(id, schema);
        return new OpenApiSchemaReference(id, context.Document);
    }

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/openapi.json", async (HttpContext context, [FromKeyedServices(DocumentName)] IOpenApiDocumentProvider documents) =>
            {
                var document = await documents.GetOpenApiDocumentAsync(context.RequestAborted);
                // To a string first: the writer underneath writes synchronously, which Kestrel refuses on a response body.
                var json = await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, context.RequestAborted);
                return TypedResults.Text(json, "application/json; charset=utf-8");
            })
            .AllowAnonymous().ExcludeFromDescription().WithName("openapi");
    }

    /// <summary>The canonical JSON shapes of the document (<c>RouteJson</c>, <c>ClusterJson</c>, …), which the API names after what they are.</summary>
    private static bool IsDocumentShape(Type type) =>
        type.Namespace == typeof(CanonicalJson).Namespace && type.Name.EndsWith(ShapeSuffix, StringComparison.Ordinal) && type.Name.Length > ShapeSuffix.Length;

    private static string WithoutShapeSuffix(string id) => id.EndsWith(ShapeSuffix, StringComparison.Ordinal) ? id[..^ShapeSuffix.Length] : id;

    private const string ShapeSuffix = "Json";
}
