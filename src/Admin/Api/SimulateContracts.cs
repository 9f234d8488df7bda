using Gateway.Core.Rules.Runtime;
using Gateway.Explain;

namespace Gateway.Admin.Api;

/// <summary>
/// A described request (nothing is sent anywhere) and what to explain it against: the live configuration
/// (neither <c>revision</c> nor <c>transaction</c>), an earlier <c>revision</c>, or an open <c>transaction</c>.
/// </summary>
/// <remarks><c>listener</c> may be left out: the first HTTP listener is taken, as the admin pages' simulator does.</remarks>
internal sealed record SimulateRequest(
    string? Listener = null,
    string? Method = null,
    string? Url = null,
    IReadOnlyList<HeaderField>? Headers = null,
    string? ClientAddress = null,
    int? ClientPort = null,
    string? LocalAddress = null,
    int? LocalPort = null,
    bool? Tls = null,
    string? Sni = null,
    string? HttpVersion = null,
    SimulatedServerResponse? Response = null,
    long? Revision = null,
    string? Transaction = null)
{
    public ExplainRequest ToExplainRequest()
    {
        var defaults = new ExplainRequest { Listener = Listener ?? "" };
        return new ExplainRequest
        {
            Listener = Listener ?? "",
            Method = Method ?? defaults.Method,
            Url = Url ?? defaults.Url,
            Headers = [.. (Headers ?? []).Select(h => new KeyValuePair<string, string>(h.Name, h.Value))],
            ClientAddress = ClientAddress ?? defaults.ClientAddress,
            ClientPort = ClientPort ?? defaults.ClientPort,
            LocalAddress = LocalAddress,
            LocalPort = LocalPort,
            Tls = Tls ?? false,
            Sni = Sni,
            HttpVersion = HttpVersion ?? defaults.HttpVersion,
            Response = Response is null ? null : new ExplainServerResponse
            {
                Status = Response.Status ?? 200,
                Headers = [.. (Response.Headers ?? []).Select(h => new KeyValuePair<string, string>(h.Name, h.Value))],
            },
        };
    }
}

internal sealed record HeaderField(string Name, string Value);

/// <summary>A server answer to run the response rules on.</summary>
internal sealed record SimulatedServerResponse(int? Status = null, IReadOnlyList<HeaderField>? Headers = null);

/// <summary>
/// What the gateway would do: <c>outcome</c> is forwarded, answered, rejected or notFound; <c>trace</c>
/// lists every ACL evaluated and every rule fired or skipped, in order, with why.
/// </summary>
internal sealed record SimulateResult(
    string Target,
    string Outcome,
    IReadOnlyList<TraceStep> Trace,
    string? Route,
    string? Cluster,
    IReadOnlyList<string> Servers,
    SimulatedAnswer? Answer,
    SimulatedMessage? Forwarded,
    SimulatedMessage? Response)
{
    public static SimulateResult From(string target, ExplainResult result) => new(
        target,
        System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(result.Outcome.ToString()),
        [.. result.Trace.Select(TraceStep.From)],
        result.Route,
        result.Cluster,
        result.Servers,
        result.Answer is { } answer ? new SimulatedAnswer(answer.Kind.ToString().ToLowerInvariant(), answer.StatusCode, answer.ContentType, answer.Body, answer.Location, Fields(answer.Headers)) : null,
        Message(result.Forwarded),
        Message(result.Response));

    private static SimulatedMessage? Message(ExplainedMessage? message) =>
        message is null ? null : new(message.Method, message.Path, message.Query, message.Status, Fields(message.Headers));

    private static List<HeaderField> Fields(IEnumerable<KeyValuePair<string, string>> headers) => [.. headers.Select(h => new HeaderField(h.Key, h.Value))];
}

/// <param name="Kind">acl, ruleFired, ruleSkipped or note.</param>
internal sealed record TraceStep(string Kind, string Scope, int Line, string Subject, bool Result, string Detail)
{
    public static TraceStep From(TraceEntry entry) => new(
        System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(entry.Kind.ToString()), entry.Scope, entry.Line, entry.Subject, entry.Result, entry.Detail);
}

/// <summary>The answer a rule gave instead of forwarding.</summary>
internal sealed record SimulatedAnswer(string Kind, int Status, string? ContentType, string? Body, string? Location, IReadOnlyList<HeaderField> Headers);

/// <summary>A request line (method, path, query) or a status, and header fields.</summary>
internal sealed record SimulatedMessage(string? Method, string? Path, string? Query, int? Status, IReadOnlyList<HeaderField> Headers);
