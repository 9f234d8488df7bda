using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gateway.Admin.Api.Http;

/// <summary>
/// The answers routing gives by itself carry no body: no such endpoint (404), method not allowed
/// (405), a body of a type the endpoint does not take (415), a route or query parameter missing or not of its type (400). Under the admin API's path they become
/// problem+json like every other refusal. Only for the host's own addresses: a gateway listener's
/// responses are the servers', untouched.
/// </summary>
internal static class ApiStatusCodeProblems
{
    public static IApplicationBuilder UseAdminApiProblems(this IApplicationBuilder app, PathString apiPath) =>
        app.UseStatusCodePages(context =>
        {
            var http = context.HttpContext;
            if (!http.Request.Path.StartsWithSegments(apiPath))
            {
                return Task.CompletedTask;
            }

            var request = $"{http.Request.Method} {http.Request.Path}";
            var problem = http.Response.StatusCode switch
            {
                StatusCodes.Status404NotFound => ApiProblems.NotFound($"The admin API has no {request}; its endpoints are listed in {apiPath}/openapi.json."),
                StatusCodes.Status405MethodNotAllowed => ApiProblems.Create(StatusCodes.Status405MethodNotAllowed, "Method not allowed.", $"{request} is not an admin API endpoint; its endpoints are listed in {apiPath}/openapi.json."),
                StatusCodes.Status415UnsupportedMediaType => ApiProblems.UnsupportedMediaType("application/json (text/plain for rules, application/yaml for a whole configuration)"),
                // The endpoints' own refusals carry a body; a bare 400 is routing's: a parameter it could not bind.
                StatusCodes.Status400BadRequest => ApiProblems.Create(StatusCodes.Status400BadRequest, "A parameter is missing or malformed.",
                    $"{request} needs its parameters, each of its type (revisions/diff?from=3&to=5 takes two revision numbers, say); a parameter is missing or is not of its type. Its parameters are listed in {apiPath}/openapi.json."),
                var status => ApiProblems.Create(status, "The request failed.", $"{request} failed with status {status}."),
            };
            return problem.ExecuteAsync(http);
        });
}
