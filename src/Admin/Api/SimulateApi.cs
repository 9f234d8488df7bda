using System.Net;
using Gateway.Admin.Api.Http;
using Gateway.Admin.Api.Security;
using Gateway.Admin.Store;
using Gateway.Admin.Store.Accounts;
using Gateway.Admin.Transactions;
using Gateway.Core.Configuration;
using Gateway.Core.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Gateway.Explain;
using Gateway.Management;
using Gateway.Model;

namespace Gateway.Admin.Api;

/// <summary>
/// <c>POST /simulate</c>: runs a described request through the rule engine (the code real requests go
/// through) against the live configuration, an earlier revision, or an open transaction, and returns
/// the trace, so the effect of a change can be seen before it is committed.
/// </summary>
internal static class SimulateApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/simulate", async (HttpContext context, ConfigStore store, TransactionRegistry transactions,
                IGatewaySnapshotAccessor live, IGatewaySnapshotPublisher compiler, GatewayExplainer explainer) =>
            {
                var body = await ApiBody.ReadAsync<SimulateRequest>(context.Request, context.RequestAborted);
                if (body.Problem is not null)
                {
                    return body.Problem;
                }

                var request = body.Value!;
                if (request.Revision is not null && request.Transaction is not null)
                {
                    return ApiProblems.Malformed("$.transaction", "Name a revision or a transaction to explain against, not both.");
                }

                GatewaySnapshot snapshot;
                string target;
                if (request.Transaction is { } id)
                {
                    if (TransactionsApi.Find(context, transactions, id) is not { } transaction)
                    {
                        return ApiProblems.NotFound($"There is no open transaction '{id}' of yours.");
                    }

                    var preview = await store.PreviewAsync(transaction.BaseRevision, transaction.Operations(), $"transaction {id}", context.RequestAborted);
                    if (preview.Snapshot is null)
                    {
                        return ApiProblems.Invalid(preview.Errors);
                    }

                    (snapshot, target) = (preview.Snapshot, $"transaction {id} (on revision {transaction.BaseRevision})");
                }
                else if (request.Revision is { } number)
                {
                    if (store.Read(number) is not { } stored)
                    {
                        return ApiProblems.NotFound($"There is no revision {number}; the latest is {store.Read().Revision}.");
                    }

                    var built = await compiler.BuildAsync(stored.Document, $"revision {number}", context.RequestAborted);
                    if (built.Snapshot is null)
                    {
                        return ApiProblems.Invalid(built.Errors);
                    }

                    (snapshot, target) = (built.Snapshot, $"revision {number}");
                }
                else
                {
                    snapshot = live.Current;
                    target = $"live ({snapshot.Version})";
                }

                request = request with { Listener = request.Listener ?? DefaultListener(snapshot) };
                if (Check(request, snapshot) is { Count: > 0 } errors)
                {
                    return ApiProblems.Malformed(errors);
                }

                return TypedResults.Json(SimulateResult.From(target, explainer.Explain(request.ToExplainRequest(), snapshot)), ApiJson.Options);
            })
            .WithTags("simulate").WithName("simulate").WithSummary("Explains what the gateway would do with a described request: ACL results, rules fired, route and cluster, the request as it would leave.")
            .AcceptsBody<SimulateRequest>("application/json").Produces<SimulateResult>()
            .ProducesReadProblems().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .RequireRole(AdminRole.Editor);
    }

    /// <summary>The listener a request that names none is explained on: the first HTTP listener, as the pages choose it.</summary>
    private static string? DefaultListener(GatewaySnapshot snapshot) =>
        snapshot.Config.Listeners.Where(l => l.Mode == ListenerMode.Http).Select(l => l.Id).Order(StringComparer.OrdinalIgnoreCase).FirstOrDefault();

    /// <summary>What the explainer would refuse, said with the field's path.</summary>
    private static List<ValidationError> Check(SimulateRequest request, GatewaySnapshot snapshot)
    {
        var errors = new List<ValidationError>();
        if (request.Listener is null)
        {
            errors.Add(new("$.listener", $"{snapshot.Version} has no HTTP listener to explain a request on."));
        }
        else if (!snapshot.Config.Listeners.Any(l => l.Id.Equals(request.Listener, StringComparison.OrdinalIgnoreCase)))
        {
            var known = string.Join(", ", snapshot.Config.Listeners.Select(l => $"'{l.Id}'"));
            errors.Add(new("$.listener", $"There is no listener '{request.Listener}' in {snapshot.Version}; known: {(known.Length == 0 ? "none" : known)}."));
        }

        // As the pages' simulator checks it: the explainer takes an origin-form path or an absolute http(s) URL.
        if (request.Url is { } url && !url.StartsWith('/') && !(Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"))
        {
            errors.Add(new("$.url", $"'{url}' is neither a path (starting with /) nor an http or https URL."));
        }

        foreach (var (path, address) in new[] { ("$.clientAddress", request.ClientAddress), ("$.localAddress", request.LocalAddress) })
        {
            if (address is not null && !IPAddress.TryParse(address, out _))
            {
                errors.Add(new(path, $"'{address}' is not an IP address."));
            }
        }

        return errors;
    }
}
