using Gateway.Admin.Api.Http;
using Gateway.Admin.Api.Security;
using Gateway.Admin.Security;
using Gateway.Admin.Store.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gateway.Admin.Api;

/// <summary>
/// <c>/users</c> (admins only): list, create, change a role, delete (with their tokens). The last admin
/// can be neither deleted nor demoted.
/// </summary>
internal static class UsersApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/users").WithTags("users").RequireRole(AdminRole.Admin);

        group.MapGet("", async (AdminAccounts accounts, CancellationToken cancellationToken) =>
                TypedResults.Json((await accounts.UsersAsync(cancellationToken)).Select(UserInfo.From).ToList(), ApiJson.Options))
            .WithName("list-users").WithSummary("Every admin user, sorted by name.")
            .Produces<List<UserInfo>>().ProducesReadProblems();

        group.MapPost("", async (HttpContext context, AdminAccounts accounts) =>
            {
                var body = await ApiBody.ReadAsync<CreateUserRequest>(context.Request, context.RequestAborted);
                if (body.Problem is not null)
                {
                    return body.Problem;
                }

                var request = body.Value!;
                if (!AdminRoles.TryParse(request.Role, out var role))
                {
                    return ApiProblems.Malformed("$.role", AdminRoles.Expected(request.Role));
                }

                var created = await accounts.CreateUserAsync(request.Name, request.Password, role, context.RequestAborted);
                if (!created.Succeeded)
                {
                    return ApiProblems.Invalid(created.Errors);
                }

                context.Response.Headers.Location = EntityEndpoints.ChildLocation(context.Request, created.Value!.Name);
                return TypedResults.Json(UserInfo.From(created.Value), ApiJson.Options, statusCode: StatusCodes.Status201Created);
            })
            .WithName("create-user").WithSummary("Creates a user with a password (at least 12 characters) and a role.")
            .AcceptsBody<CreateUserRequest>("application/json").Produces<UserInfo>(StatusCodes.Status201Created)
            .ProducesReadProblems().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapPatch("/{name}", async Task<IResult> (string name, HttpContext context, AdminAccounts accounts) =>
            {
                if (await accounts.FindUserAsync(name, context.RequestAborted) is null)
                {
                    return ApiProblems.NotFound($"There is no user named '{name}'.");
                }

                var body = await ApiBody.ReadAsync<ChangeUserRequest>(context.Request, context.RequestAborted);
                if (body.Problem is not null)
                {
                    return body.Problem;
                }

                if (!AdminRoles.TryParse(body.Value!.Role, out var role))
                {
                    return ApiProblems.Malformed("$.role", AdminRoles.Expected(body.Value.Role));
                }

                var changed = await accounts.ChangeRoleAsync(name, role, context.RequestAborted);
                return changed.Succeeded ? TypedResults.Json(UserInfo.From(changed.Value!), ApiJson.Options) : ApiProblems.Invalid(changed.Errors);
            })
            .WithName("change-user").WithSummary("Changes a user's role; their tokens that would outrank it are lowered to it. The last admin cannot be demoted.")
            .AcceptsBody<ChangeUserRequest>("application/merge-patch+json", "application/json").Produces<UserInfo>()
            .ProducesReadProblems().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapDelete("/{name}", async Task<IResult> (string name, AdminAccounts accounts, CancellationToken cancellationToken) =>
            {
                if (await accounts.FindUserAsync(name, cancellationToken) is null)
                {
                    return ApiProblems.NotFound($"There is no user named '{name}'.");
                }

                var deleted = await accounts.DeleteUserKeepingAnAdminAsync(name, cancellationToken);
                return deleted.Succeeded ? TypedResults.NoContent() : ApiProblems.Invalid(deleted.Errors);
            })
            .WithName("delete-user").WithSummary("Deletes a user and their tokens.")
            .Produces(StatusCodes.Status204NoContent).ProducesReadProblems().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
