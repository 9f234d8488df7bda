namespace Gateway.Admin.Tests.Api;

/// <summary>
/// Every endpoint that commits a revision reads <c>?message=</c> and <c>?guard=</c> (in <c>ConfigWrites</c>), and the
/// OpenAPI document says so; endpoints that commit nothing list neither.
/// </summary>
public class OpenApiCommitParametersTests
{
    private static readonly (string Method, string Path)[] Commits =
    [
        ("post", "/api/v1/routes"),
        ("patch", "/api/v1/routes/{id}"),
        ("delete", "/api/v1/clusters/{id}"),
        ("post", "/api/v1/stick-tables"),
        ("put", "/api/v1/stick-tables/{id}"),
        ("put", "/api/v1/clusters/{cluster}/servers/{id}"),
        ("put", "/api/v1/listeners/{id}/rules"),
        ("post", "/api/v1/batch"),
        ("put", "/api/v1/config"),
        ("post", "/api/v1/transactions/{id}/commit"),
    ];

    private static readonly (string Method, string Path)[] NotCommits =
    [
        ("get", "/api/v1/routes"),
        ("post", "/api/v1/transactions/{id}/operations"),
        ("delete", "/api/v1/stick-tables/{id}/entries"),
    ];

    [Fact]
    public async Task Commits_ListGuardAndMessage_AsDescribedQueryParameters_AndNothingElseListsGuard()
    {
        await using var host = await ApiHost.StartAsync();

        var document = await ApiHost.ReadJsonAsync(await host.Client(token: null).GetAsync("openapi.json"));

        var problems = new List<string>();
        foreach (var (method, path) in Commits)
        {
            var parameters = document["paths"]?[path]?[method]?["parameters"]?.AsArray() ?? [];
            var guard = parameters.SingleOrDefault(p => (string?)p!["name"] == "guard");
            if (guard is null || (string?)guard["in"] != "query" || (string?)guard["description"] is not { } description || !description.Contains("60s", StringComparison.Ordinal))
            {
                problems.Add($"{method} {path}: no described query parameter guard");
            }

            if (parameters.Count(p => (string?)p!["name"] == "message") != 1)
            {
                problems.Add($"{method} {path}: not exactly one message parameter");
            }
        }

        foreach (var (method, path) in NotCommits)
        {
            var operation = document["paths"]?[path]?[method] ?? throw new InvalidOperationException($"{method} {path} is not in the document");
            if (operation["parameters"]?.AsArray().Any(p => (string?)p!["name"] == "guard") == true)
            {
                problems.Add($"{method} {path}: lists guard, but commits nothing");
            }
        }

        Assert.Empty(problems);
    }
}
