using System.Net;
using System.Text.Json.Nodes;

namespace Gateway.Admin.Tests.Api;

/// <summary>Checks RFC 9457 problem responses.</summary>
public static class ProblemAssert
{
    /// <summary>Asserts the status and problem+json type, and returns the problem document.</summary>
    public static async Task<JsonNode> IsAsync(HttpStatusCode status, HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!;
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        return problem;
    }

    /// <summary>The errors of a problem as (path, message) pairs.</summary>
    public static List<(string Path, string Message)> Errors(JsonNode problem) =>
        [.. problem["errors"]!.AsArray().Select(e => (e!["path"]!.GetValue<string>(), e["message"]!.GetValue<string>()))];
}
