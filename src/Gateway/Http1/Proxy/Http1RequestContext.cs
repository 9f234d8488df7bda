using Gateway.Http;
using Gateway.Http1.Parsing;
using Microsoft.Extensions.ObjectPool;

namespace Gateway.Http1.Proxy;

/// <summary>
/// The objects one request of the HTTP/1.1 core works with: its request and response heads, the rule exchange over
/// them, the rule state and session, and the forward host with its summary. Rented from a shared pool when a request's
/// bytes arrive and given back when its response has ended, so a request allocates none of them and an idle keep-alive
/// connection holds none (nor any header string: a busy one reuses the strings of the heads before it, see
/// <see cref="HeaderFields"/>). Kestrel reuses its per-request objects the same way, per connection.
/// </summary>
/// <remarks>
/// Reuse is safe because none of these objects outlives its request: <see cref="Http1Connection"/> gives the context
/// back only after the request's <c>ServeAsync</c> has completed, and by then
/// <list type="bullet">
/// <item>the dispatcher's forward and every try have completed (awaited), and each try ended its exchange on the
/// connection's activity timer (<see cref="ActivityTimer"/>);</item>
/// <item>a <c>rate-limit</c> checkpoint's queue has let go of the session's wait (it removes a waiter before it wakes
/// it), the cluster queue's callback ran only inside the wait, and a tarpit's delay and a concurrency lease were
/// awaited and released;</item>
/// <item>what outlives the request was copied out: the access-log record, the recent-requests ring, metrics, charts
/// and the trace span take strings and numbers, never these objects; a rule's answer (<c>RuleResponse</c>) is never
/// changed after it is made, and the session only drops its reference.</item>
/// </list>
/// Everything is reset when the context is given back (<see cref="Policy"/>), before another request can rent it.
/// </remarks>
internal sealed class Http1RequestContext
{
    /// <summary>Contexts kept for reuse; beyond it, given-back ones are left to the GC. Enough for every request in flight on a busy core.</summary>
    public const int PoolSize = 256;

    private static readonly ObjectPool<Http1RequestContext> Pool = new DefaultObjectPool<Http1RequestContext>(new Policy(), PoolSize);

    private Http1RequestContext()
    {
        Exchange = new Http1RuleExchange(Request, Response);
        Rules = GatewayRuleState.Reusable(Exchange);
        Forward = new Http1ForwardHost(Request, Response, Rules, Memo);
    }

    public RequestHead Request { get; } = new();

    public ResponseHead Response { get; } = new();

    /// <summary>The request as rules see it.</summary>
    public Http1RuleExchange Exchange { get; }

    /// <summary>The request's progress through the rules (its session included), over <see cref="Exchange"/>.</summary>
    public GatewayRuleState Rules { get; }

    /// <summary>The forward to a cluster, when the request gets that far; it fills its own summary.</summary>
    public Http1ForwardHost Forward { get; }

    /// <summary>What the last request looked up by name, kept across requests (not reset: see the class).</summary>
    public RequestMemo Memo { get; } = new();

    public static Http1RequestContext Rent() => Pool.Get();

    public static void Return(Http1RequestContext context) => Pool.Return(context);

    /// <summary>
    /// Forgets the request. The heads are not cleared here: the parser resets them for the next head and keeps their
    /// strings aside to be reused (<see cref="HeaderFields"/>).
    /// </summary>
    private void Clear()
    {
        Forward.Clear();
        Rules.Clear();
        Exchange.Clear();
    }

    /// <summary>Clears a context as it comes back; every part can always be cleared, so none is refused.</summary>
    private sealed class Policy : PooledObjectPolicy<Http1RequestContext>
    {
        public override Http1RequestContext Create() => new();

        public override bool Return(Http1RequestContext obj)
        {
            obj.Clear();
            return true;
        }
    }
}
