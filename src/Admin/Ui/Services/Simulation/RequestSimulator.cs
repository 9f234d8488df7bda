using Gateway.Admin.Ui.Services.RulesEditor;
using Gateway.Admin.Store;
using Gateway.Core.Configuration;
using Gateway.Core.Rules.Compilation;
using Gateway.Core.Validation;
using Gateway.Explain;
using Gateway.Management;
using Gateway.Model;

namespace Gateway.Admin.Ui.Services.Simulation;

/// <summary>
/// Runs described requests through <see cref="GatewayExplainer"/> (the code real requests go through)
/// for the pages: against the live snapshot, a pending document, or a pending document with a scope's
/// rules as they are being edited. Documents are compiled by the same builder a commit uses.
/// </summary>
internal sealed class RequestSimulator(IGatewaySnapshotAccessor live, IGatewaySnapshotPublisher compiler, GatewayExplainer explainer)
{
    /// <summary>What live and pending would each do with the sample; null with <paramref name="errors"/> filled when the sample is not a request.</summary>
    public async Task<SimulationComparison?> CompareAsync(GatewayConfig pending, SampleRequest sample, List<ValidationError> errors, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentNullException.ThrowIfNull(sample);
        var current = live.Current;
        var listener = string.IsNullOrWhiteSpace(sample.Listener) ? RuleEditorCheck.FirstListener(pending) ?? RuleEditorCheck.FirstListener(current.Config) : sample.Listener.Trim();
        if (listener is null)
        {
            errors.Add(new(nameof(SampleRequest.Listener), "There is no listener to send a request to; add one first."));
            return null;
        }

        if (sample.ToExplainRequest(listener, errors) is not { } request)
        {
            return null;
        }

        var liveOutcome = Explain($"live ({current.Version})", current, request);
        var pendingOutcome = await ExplainAsync(pending, "pending changes", request, cancellationToken);
        return new SimulationComparison(request, liveOutcome, pendingOutcome);
    }

    /// <summary>
    /// What <paramref name="sample"/> would match if the scope's rules were <paramref name="text"/> in the
    /// pending document; null with <paramref name="errors"/> filled when the sample is not a request.
    /// </summary>
    public async Task<RequestOutcome?> PreviewRulesAsync(GatewayConfig pending, RuleScopeKind kind, string id, string? text, SampleRequest sample,
        List<ValidationError> errors, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentNullException.ThrowIfNull(sample);
        var noun = RuleEditorCheck.Noun(kind);
        if (RuleEditorCheck.SetRules(pending, kind, id, text) is not { } operation)
        {
            errors.Add(new("scope", $"There is no {noun} '{id}' in the pending configuration."));
            return null;
        }

        var listener = string.IsNullOrWhiteSpace(sample.Listener) ? RuleEditorCheck.ListenerFor(pending, kind, id) : sample.Listener.Trim();
        if (listener is null)
        {
            errors.Add(new(nameof(SampleRequest.Listener), "There is no listener to send a request to; add one first."));
            return null;
        }

        if (sample.ToExplainRequest(listener, errors) is not { } request)
        {
            return null;
        }

        var applyErrors = new List<ValidationError>();
        var edited = OperationApplier.Apply(pending, [operation], applyErrors);
        return applyErrors.Count > 0
            ? RequestOutcome.Failed("these rules", applyErrors[0].Message)
            : await ExplainAsync(edited, $"these rules of {noun} {id}", request, cancellationToken);
    }

    /// <summary>Compiles <paramref name="document"/> and explains <paramref name="request"/> against it; an invalid document is reported as the outcome.</summary>
    public async Task<RequestOutcome> ExplainAsync(GatewayConfig document, string target, ExplainRequest request, CancellationToken cancellationToken = default)
    {
        var built = await compiler.BuildAsync(document, target, cancellationToken);
        if (built.Snapshot is null)
        {
            var first = built.Errors[0];
            var more = built.Errors.Count > 1 ? $" (and {built.Errors.Count - 1} more)" : "";
            return RequestOutcome.Failed(target, $"Cannot explain against {target}: it is not valid. {first}{more}");
        }

        return Explain(target, built.Snapshot, request);
    }

    private RequestOutcome Explain(string target, GatewaySnapshot snapshot, ExplainRequest request)
    {
        if (snapshot.Listener(request.Listener) is null)
        {
            var known = string.Join(", ", snapshot.Config.Listeners.Select(l => l.Id));
            return RequestOutcome.Failed(target, $"There is no listener '{request.Listener}' in {target}; known: {(known.Length == 0 ? "none" : known)}.");
        }

        return RequestOutcome.From(target, explainer.Explain(request, snapshot));
    }
}

/// <summary>One request explained against the live and the pending configuration.</summary>
internal sealed record SimulationComparison(ExplainRequest Request, RequestOutcome Live, RequestOutcome Pending)
{
    /// <summary>Whether the pending changes would change what happens to the request.</summary>
    public bool Differs => Live.Summary != Pending.Summary || Live.Status != Pending.Status;
}
