using Gateway.Core.Rules.Runtime;
using Microsoft.AspNetCore.Http;
using Gateway.Checkpoints;
using Gateway.Model;

namespace Gateway.Http;

/// <summary>
/// One request's progress through the rule pipeline, kept in the request's features: the snapshot
/// it started with (so every scope runs the same configuration), the session, and the route and
/// cluster chosen so far. The Kestrel path makes one per request; the HTTP/1.1 core reuses one per request slot
/// (<see cref="Reusable"/>, <see cref="Start"/>, <see cref="Clear"/>).
/// </summary>
internal sealed class GatewayRuleState
{
    public GatewayRuleState(HttpContext context, GatewaySnapshot snapshot, string listenerId, RuleTrace? trace = null)
        : this(new HttpRuleExchange(context), snapshot, listenerId, trace)
    {
    }

    /// <summary>Over any exchange: the HTTP/1.1 core runs the same pipeline without an <see cref="HttpContext"/>.</summary>
    public GatewayRuleState(IRuleExchange exchange, GatewaySnapshot snapshot, string listenerId, RuleTrace? trace = null)
    {
        Snapshot = snapshot;
        ListenerId = listenerId;
        Session = new RuleSession(exchange, trace);
    }

    /// <summary>
    /// A state to be reused request after request over one exchange (the HTTP/1.1 core's pooled request objects): it
    /// serves nothing until <see cref="Start"/>, and <see cref="Clear"/> lets go of the request before it is reused.
    /// </summary>
    public static GatewayRuleState Reusable(IRuleExchange exchange) => new(exchange);

    private GatewayRuleState(IRuleExchange exchange)
    {
        Snapshot = null!; // set by Start before any use
        ListenerId = "";
        Session = new RuleSession(exchange);
    }

    /// <summary>Begins a request on a <see cref="Reusable"/> state (cleared since its last request).</summary>
    public void Start(GatewaySnapshot snapshot, string listenerId, RateCheckpoints? checkpoints, CancellationToken aborted)
    {
        Snapshot = snapshot;
        ListenerId = listenerId;
        _checkpoints = checkpoints;
        _aborted = aborted;
    }

    /// <summary>
    /// Forgets the request (its session too) and lets go of its snapshot, so the next request starts as on a new state
    /// and a pooled state keeps no configuration alive. The caller must know nothing holds the state any more.
    /// </summary>
    public void Clear()
    {
        Session.Reset();
        Snapshot = null!;
        ListenerId = "";
        _checkpoints = null;
        _aborted = default;
        RouteId = null;
        RequestDenied = false;
        ServerStatus = null;
        RegexTimeoutReported = false;
        ClusterId = null;
    }

    public GatewaySnapshot Snapshot { get; private set; }

    private RateCheckpoints? _checkpoints;
    private CancellationToken _aborted;

    /// <summary>Where requests wait at <c>rate-limit</c> checkpoints; null for explained requests, which never wait.</summary>
    public RateCheckpoints? Checkpoints { get => _checkpoints; init => _checkpoints = value; }

    /// <summary>Fires when the client goes away (frees a place in a checkpoint's queue).</summary>
    public CancellationToken Aborted { get => _aborted; init => _aborted = value; }

    public string ListenerId { get; private set; }

    public RuleSession Session { get; }

    public string? RouteId { get; set; }

    /// <summary>An <c>http-request deny</c> or <c>tarpit</c> (or a <c>rate-limit</c> refusal) answered the request: a client error for stick tables.</summary>
    public bool RequestDenied { get; private set; }

    /// <summary>The status the server answered with, before response rules; null when no server answered.</summary>
    public int? ServerStatus { get; set; }

    /// <summary>Called when request rules chose the answer.</summary>
    public void NoteRequestAnswered() =>
        RequestDenied = Session.Response?.Kind is Core.Rules.Runtime.RuleResponseKind.Deny or Core.Rules.Runtime.RuleResponseKind.Tarpit;

    /// <summary>Set once the request's regex timeout has been counted and logged.</summary>
    public bool RegexTimeoutReported { get; set; }

    /// <summary>The cluster the request goes to: the route's, unless a use-backend chose another.</summary>
    public string? ClusterId { get; set; }

    /// <summary>The listener's own error pages (none when it has none).</summary>
    public IReadOnlyList<Core.Configuration.ErrorPageConfig> ErrorPages() => Snapshot.Listener(ListenerId)?.ErrorPages ?? [];

    public TimeSpan TarpitTimeout() =>
        Snapshot.Listener(ListenerId)?.TarpitTimeout
        ?? RuleResponseWriter.DefaultTarpitTimeout;
}
