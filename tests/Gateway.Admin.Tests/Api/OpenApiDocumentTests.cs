using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Admin.Tests.Api;

/// <summary>The OpenAPI document describes every admin API endpoint, with what it takes and what it answers.</summary>
public partial class OpenApiDocumentTests
{
    // Writes that take no body: the revision to rewind to is in the path.
    private static readonly HashSet<string> BodilessWrites = ["POST /api/v1/revisions/{number}/rewind"];

    [Fact]
    public async Task EveryEndpoint_IsDescribed_WithRequestAndResponseSchemas()
    {
        await using var host = await ApiHost.StartAsync();
        using var anonymous = host.Client(token: null);

        using var response = await anonymous.GetAsync("openapi.json");
        var document = await ApiHost.ReadJsonAsync(response);
        var endpoints = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/", StringComparison.Ordinal) == true && e.RoutePattern.RawText != "/api/v1/openapi.json")
            .SelectMany(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods.Select(m => (Method: m, Path: WithoutConstraints(e.RoutePattern.RawText!))))
            .ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("3.1", document["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(endpoints.Count > 50, $"only {endpoints.Count} endpoints found");
        var problems = new List<string>();
        foreach (var (method, path) in endpoints)
        {
            var name = $"{method} {path}";
            var operation = document["paths"]?[path]?[method.ToLowerInvariant()];
            if (operation is null)
            {
                problems.Add($"{name}: missing");
                continue;
            }

            if (method is "POST" or "PUT" or "PATCH" && !BodilessWrites.Contains(name)
                && operation["requestBody"]?["content"]?.AsObject().All(c => c.Value?["schema"] is not null) != true)
            {
                problems.Add($"{name}: no request body schema");
            }

            var success = operation["responses"]?.AsObject().Where(r => r.Key.StartsWith('2')).ToList() ?? [];
            if (success.Count == 0)
            {
                problems.Add($"{name}: no success response");
            }
            else if (success.Any(r => r.Key != "204" && r.Value?["content"]?.AsObject().Any(c => c.Value?["schema"] is not null) != true))
            {
                problems.Add($"{name}: no response schema");
            }

            if (operation["security"] is null)
            {
                problems.Add($"{name}: no security requirement");
            }
        }

        Assert.Empty(problems);
        Assert.Equal("http", document["components"]!["securitySchemes"]!["bearer"]!["type"]!.GetValue<string>());
        Assert.NotNull(document["components"]!["schemas"]!["Route"]);
    }

    [Fact]
    public async Task HostEndpoints_AreNotInTheDocument()
    {
        await using var host = await ApiHost.StartAsync();

        var document = await ApiHost.ReadJsonAsync(await host.Client(token: null).GetAsync("openapi.json"));

        Assert.All(document["paths"]!.AsObject(), p => Assert.StartsWith("/api/v1/", p.Key, StringComparison.Ordinal));
    }

    private static string WithoutConstraints(string pattern) => Constraint().Replace(pattern, "}").TrimEnd('/');

    [GeneratedRegex(":[a-z]+}")]
    private static partial Regex Constraint();
}
