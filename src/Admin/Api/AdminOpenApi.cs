using Gateway.Admin.Api.Http;
using Gateway.Admin.Api.Security;
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
        // The document's own shapes are named after what they are: Route, not RouteModel.
        options.CreateSchemaReferenceId = type =>
            OpenApiOptions.CreateDefaultSchemaReferenceId(type) is { } id && id.EndsWith("Model", StringComparison.Ordinal) && id.Length > "Model".Length
                ? id[..^"Model".Length]
                : OpenApiOptions.CreateDefaultSchemaReferenceId(type);
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
                var schema = await context.GetOrCreateSchemaAsync(body.Type, null, cancellationToken);
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = body.ContentTypes.ToDictionary(type => type, _ => new OpenApiMediaType { Schema = schema }),
                };
            }
        });
    }

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/openapi.json", async (HttpContext context, [FromKeyedServices(DocumentName)] IOpenApiDocumentProvider documents) =>
            {
                var document = await documents.GetOpenApiDocumentAsync(context.RequestAborted);
                context.Response.ContentType = "application/json; charset=utf-8";
                await document.SerializeAsJsonAsync(context.Response.Body, OpenApiSpecVersion.OpenApi3_1, context.RequestAborted);
            })
            .AllowAnonymous().ExcludeFromDescription().WithName("openapi");
    }
}
