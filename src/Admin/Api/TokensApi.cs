using Gateway.Admin.Api.Http;
using Gateway.Admin.Api.Operations;
using Gateway.Admin.Api.Security;
using Gateway.Admin.Security;
using Gateway.Admin.Store.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gateway.Admin.Api;

/// <summary><c>/tokens</c> (admins only): list, create (the token is shown once), revoke.</summary>
internal static class TokensApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/tokens").WithTags("tokens").RequireRole(AdminRole.Admin);

        group.MapGet("", async (AdminAccounts accounts, CancellationToken cancellationToken) =>
                TypedResults.Json((await accounts.TokensAsync(cancellationToken)).Select(TokenInfo.From).ToList(), ApiJson.Options))
            .WithName("list-tokens").WithSummary("Every token, revoked and expired ones included; never the tokens themselves.")
            .Produces<List<TokenInfo>>().ProducesReadProblems();

        group.MapPost("", async (HttpContext context, AdminAccounts accounts) =>
            {
                var body = await ApiBody.ReadAsync<CreateTokenRequest>(context.Request, context.RequestAborted);
                if (body.Problem is not null)
                {
                    return body.Problem;
                }

                var request = body.Value!;
                if (!AdminRoles.TryParse(request.Role, out var role))
                {
                    return ApiProblems.Malformed("$.role", AdminRoles.Expected(request.Role));
                }

                var created = await accounts.CreateTokenAsync(request.Owner ?? ConfigWrites.Author(context), request.Name, role, request.ExpiresUtc, context.RequestAborted);
                if (!created.Succeeded)
                {
                    return ApiProblems.Invalid(created.Errors);
                }

                context.Response.Headers.CacheControl = "no-store";
                context.Response.Headers.Location = TokenLocation(context.Request, created.Value!.Info.Id);
                return TypedResults.Json(new CreatedTokenResponse(created.Value.Token, TokenInfo.From(created.Value.Info)), ApiJson.Options, statusCode: StatusCodes.Status201Created);
            })
            .WithName("create-token").WithSummary("Creates a token and shows it once; it is stored only as a hash.")
            .AcceptsBody<CreateTokenRequest>("application/json").Produces<CreatedTokenResponse>(StatusCodes.Status201Created)
            .ProducesReadProblems().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapDelete("/{id:long}", async (long id, AdminAccounts accounts, CancellationToken cancellationToken) =>
                await accounts.RevokeTokenAsync(id, cancellationToken)
                    ? (IResult)TypedResults.NoContent()
                    : ApiProblems.NotFound($"There is no token {id}, or it is revoked already."))
            .WithName("revoke-token").WithSummary("Revokes a token for good.")
            .Produces(StatusCodes.Status204NoContent).ProducesReadProblems().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static string TokenLocation(HttpRequest request, long id) =>
        EntityEndpoints.ChildLocation(request, id.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
