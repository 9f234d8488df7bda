using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Gateway.AccessLog;
using Gateway.Async;
using Gateway.Connections;
using Gateway.Core.Rules.Runtime;
using Gateway.Http;
using Gateway.Http1.Parsing;
using Gateway.Http1.Pool;
using Gateway.Model;
using Gateway.RequestObservation;
using Gateway.StickTables;
using Gateway.Tracing;
using Microsoft.AspNetCore.Connections;

namespace Gateway.Http1.Proxy;

/// <summary>
/// One client connection served by the HTTP/1.1 core: reads a request head, runs the listener's rules, matches a
/// route, runs the route's and cluster's rules, forwards through <see cref="Gateway.Backends.BackendDispatcher"/>,
/// records the request (metrics, access log) and goes on with the next request of the connection. A request the core
/// does not serve is left unread in the pipe and the connection goes on to Kestrel's HTTP server.
/// </summary>
internal sealed class Http1Connection(ConnectionContext connection, PipeReader input, PipeWriter output, string listenerId, Http1ClientInfo client, Http1Services services) : ActivityTimer.IOwner
{
    private ServerConnection? _own;
    private int _requests;
    private ClientReadGuard? _guard;
    private bool _bodyLeftUnread;

    /// <summary>RFC 9112 §9.6: how long, and how many bytes, a connection closed after an answer may read and drop what the client still sends.</summary>
    public static readonly TimeSpan LingerLimit = TimeSpan.FromSeconds(2);

    public const long LingerMaxBytes = 1024 * 1024;

    private ActivityTimer? _activityTimer;
    private Http1RequestContext? _current;
    private GatewaySnapshot? _planSnapshot;
    private Http1Plan? _plan;

    /// <summary>The request in progress (its objects are rented for the request only: an idle connection has none).</summary>
    public RequestHead Request => _current!.Request;

    public ResponseHead Response => _current!.Response;

    /// <summary>Where the request head for a server is written; it holds a buffer only while a head is written and sent.</summary>
    public PooledBufferWriter HeadBuffer { get; } = new();

    public Http1ClientInfo Client { get; } = client;

    public Http1Services Services { get; } = services;

    /// <summary>Where the client's bytes are read: the transport's input, or the socket itself (see <see cref="Http1CoreMiddleware"/>).</summary>
    public PipeReader Input { get; } = input;

    /// <summary>Where everything for the client is written: the transport's output, or the socket itself (see <see cref="Http1CoreMiddleware"/>).</summary>
    public PipeWriter Output { get; } = output;

    /// <summary>The client went away (with <see cref="ClientHalfClose"/>, not at a FIN alone): ends a forward.</summary>
    public CancellationToken Aborted => connection.ConnectionClosed;

    /// <summary>The client went away or sent a FIN: ends a wait (checkpoints, queues, tarpit), as on the Kestrel path.</summary>
    /// <remarks>Looked up once: the listener's raw-connection middleware installs <see cref="ClientHalfClose"/> before the core runs, and a feature lookup per request is not free.</remarks>
    public CancellationToken InputEnded { get; } = connection.Features.Get<ClientHalfClose>()?.InputEnded ?? connection.ConnectionClosed;

    /// <summary>
    /// Begins a server exchange whose reads must each come within <paramref name="activity"/>; the token of what it
    /// returns also ends them when the client goes away. End it when the exchange is over.
    /// </summary>
    public ActivityTimer BeginServerExchange(TimeSpan activity) => ActivityTimer.Begin(ref _activityTimer, this, Services.Time, activity, Aborted);

    void ActivityTimer.IOwner.Released(ActivityTimer timer) => Interlocked.CompareExchange(ref _activityTimer, null, timer);

    /// <summary>Set while a request is sent again after a reused connection failed: take a new one.</summary>
    public bool ForceFreshConnection { get; set; }

    /// <summary>Serves requests until the client closes, an exchange ends the connection, or a request goes to Kestrel (returns true then).</summary>
    public async Task<bool> RunAsync()
    {
        var watchdog = connection.Features.Get<RequestHeaderWatchdog>();
        try
        {
            while (true)
            {
                var read = await Input.ReadAsync();
                var buffer = read.Buffer;
                // The snapshot in force when the request arrived (not when the connection began to wait for it).
                var snapshot = Services.Snapshots.Current;
                if (!ReferenceEquals(snapshot, _planSnapshot))
                {
                    _plan = Http1Plan.For(snapshot, listenerId, Services.Options.Http1CoreByDefault);
                    _planSnapshot = snapshot;
                }

                var plan = _plan!;
                if (plan.NotServed is not null)
                {
                    Input.AdvanceTo(buffer.Start);
                    return true;
                }

                var current = _current = Http1RequestContext.Rent();
                try
                {
                    var parsed = RequestHeadParser.TryParse(buffer, Request);
                    switch (parsed.Kind)
                    {
                        case HeadParseStatus.Incomplete:
                            // A head begun after a keep-alive wait now has the request header timeout to be whole.
                            watchdog?.RequestBytesArrived();
                            Input.AdvanceTo(buffer.Start, buffer.End);
                            if (read.IsCompleted)
                            {
                                return false;
                            }

                            continue;
                        case HeadParseStatus.HandOff:
                            // Nothing consumed or examined: Kestrel reads the same bytes at once.
                            Input.AdvanceTo(buffer.Start);
                            Services.CountHandedOff();
                            return true;
                        case HeadParseStatus.Invalid:
                            Input.AdvanceTo(buffer.End);
                            // The head is in (a bad one): the header timeout no longer applies, and must not cut the answer
                            // or the lingering close below (bounded by its own limits) with an abort.
                            watchdog?.HeadersReceived();
                            Services.MalformedRequest(listenerId, Client.Remote, parsed.Status, parsed.Reason);
                            await HeadWriter.WriteAnswerAsync(Output, parsed.Status, null, [], null, null, close: true, headRequest: false);
                            await LingerAsync();
                            return false;
                    }

                    Input.AdvanceTo(buffer.GetPosition(parsed.Length));
                    _requests++;
                    Services.CountServed();
                    watchdog?.HeadersReceived();
                    var keepOpen = await ServeAsync(snapshot, plan, current);
                    if (!keepOpen)
                    {
                        if (_bodyLeftUnread)
                        {
                            await LingerAsync();
                        }

                        return false;
                    }
                }
                finally
                {
                    // ServeAsync has completed: nothing of the request holds its objects any more (see Http1RequestContext).
                    _current = null;
                    Http1RequestContext.Return(current);
                }

                watchdog?.ResponseEnded();
            }
        }
        catch (Exception e) when (e is IOException or ConnectionResetException or ConnectionAbortedException or OperationCanceledException or InvalidOperationException)
        {
            return false;
        }
        finally
        {
            _activityTimer?.Dispose();
            _guard?.Close();
            if (_own is not null)
            {
                await _own.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// The guard of a request body's reads when the listener has a minimum body rate (null when it is off); the caller
    /// stops it when the body ends.
    /// </summary>
    public ClientReadGuard? StartBody()
    {
        var guard = Guard();
        if (guard is null || !guard.ChecksBodyRate)
        {
            return null;
        }

        guard.StartBody();
        return guard;
    }

    private ClientReadGuard? Guard()
    {
        if (_guard is null && connection.Features.Get<RequestBodyRateLimit>() is { } limit)
        {
            _guard = new ClientReadGuard(Input, Services.Heartbeat, limit.BytesPerSecond, limit.Grace);
        }

        return _guard;
    }

    /// <summary>
    /// A lingering close (RFC 9112 §9.6): the connection is about to close after an answer while the client may still be
    /// sending (a refused head, a body left unread). Closing at once would make the kernel answer those bytes with a reset,
    /// which can destroy the answer before the client reads it; so what comes is read and dropped until the client closes,
    /// stops sending for a heartbeat, or <see cref="LingerLimit"/> or <see cref="LingerMaxBytes"/> is reached.
    /// </summary>
    private async ValueTask LingerAsync()
    {
        if (Aborted.IsCancellationRequested || Guard() is not { } guard)
        {
            return;
        }

        guard.StartLinger(LingerLimit);
        long dropped = 0;
        try
        {
            while (dropped < LingerMaxBytes)
            {
                guard.BeforeRead();
                var read = await Input.ReadAsync(Aborted);
                var length = read.Buffer.Length;
                guard.AfterRead(length);
                dropped += length;
                Input.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted || (read.IsCanceled && guard.Expired))
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is IOException or ConnectionResetException or ConnectionAbortedException or OperationCanceledException or InvalidOperationException)
        {
            // The client went away while we lingered: what lingering was for.
        }
        finally
        {
            guard.Stop();
        }
    }


    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ServeAsync(GatewaySnapshot snapshot, Http1Plan plan, Http1RequestContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var acceptedAt = RequestClock.UtcAt(Services.Time, started);
        var method = Request.Method;
        var target = Request.RawTarget;
        // The request's server span, as on the Kestrel path (GatewayTracing.StartRequest): nothing at all when no tracer listens.
        var span = GatewayTracing.Source.HasListeners()
            ? GatewayTracing.StartRequest(method, Request.Path, Client.IsTls ? "https" : "http", Client.Remote?.Address.ToString(), listenerId,
                Request.Headers.First("traceparent"), Request.Headers.First("tracestate"))
            : null;
        Response.Reset();
        Response.Status = 200;
        context.Exchange.Start(Client);
        var state = context.Rules;
        state.Start(snapshot, listenerId, Services.Checkpoints, InputEnded);
        var counted = snapshot.StickTables.Any;
        if (counted)
        {
            StickCounting.StartRequest(state.Session, snapshot.StickTables, connection.Features.Get<StickTrackingFeature>()?.Tracking);
        }

        var bytesIn = Request.Chunked ? -1 : Request.ContentLength;
        Http1ForwardHost? host = null;
        string? routeId = null;
        Forwarding.RequestCounters? routeTraffic = null;
        Forwarding.RequestCounters? clusterTraffic = null;
        var status = 0;
        var keepOpen = !Request.Close;
        try
        {
            if (snapshot.Rules.Any && await GatewayRulePipeline.RunListenerRequestAsync(state) == RuleOutcome.Respond)
            {
                state.NoteRequestAnswered();
                Services.RegexTimeouts?.ReportIfTimedOut(state);
                status = await AnswerWithRuleAsync(state);
                return keepOpen = keepOpen && Request.ContentLength == 0;
            }

            var route = plan.Routes!.Match(Request.Path, Request.Headers.First(KnownHeaders.Host));
            string? routeCluster;
            if (route is not null)
            {
                routeId = route.Id;
                routeCluster = route.Cluster;
            }
            else if (snapshot.Listener(listenerId)!.DefaultCluster is { } fallback)
            {
                routeCluster = fallback;
            }
            else if (state.Session.Backend is { } backend && snapshot.Cluster(backend) is not null)
            {
                routeCluster = backend;
            }
            else
            {
                status = await NotFoundAsync();
                return keepOpen = keepOpen && Request.ContentLength == 0;
            }

            // Counted as the Kestrel path counts them: the route (or the listener's catch-all) before its rules, the cluster after.
            routeTraffic = context.Memo.Route(Services.RouteTraffic, snapshot, routeId ?? Forwarding.ProxyConfigMapper.ListenerDefaultRouteId(listenerId));
            routeTraffic.OnRequest();
            if (await GatewayRulePipeline.RunRouteRequestAsync(state, routeId, routeCluster) == RuleOutcome.Respond)
            {
                state.NoteRequestAnswered();
                Services.RegexTimeouts?.ReportIfTimedOut(state);
                status = await AnswerWithRuleAsync(state);
                return keepOpen = keepOpen && Request.ContentLength == 0;
            }

            if (state.ClusterId is not { } clusterId || snapshot.Cluster(clusterId) is not { } cluster || !Services.ProxyState.TryGetCluster(clusterId, out var clusterState))
            {
                status = 503;
                await HeadWriter.WriteAnswerAsync(Output, 503, null, [], "text/plain; charset=utf-8", $"No cluster named '{state.ClusterId}' is configured.\n", !keepOpen || Request.ContentLength != 0, IsHead);
                return keepOpen = keepOpen && Request.ContentLength == 0;
            }

            clusterTraffic = context.Memo.Cluster(Services.ClusterTraffic, snapshot, clusterId);
            clusterTraffic.OnRequest();
            host = context.Forward;
            host.Start(this, cluster, clusterState, Services.Policy(clusterState.Model.Config.LoadBalancingPolicy));
            var routeLimit = route?.Concurrency; // routeId is the matched route's, or null
            if (routeLimit is null && cluster.Concurrency is null)
            {
                await Services.Dispatcher.ForwardAsync(cluster, host, host.SummaryToFill);
            }
            else
            {
                // The same route and cluster concurrency checkpoints as the Kestrel+YARP path, held until the response ends.
                using var lease = await Services.Concurrency.EnterAsync(routeId, routeLimit, clusterId, cluster.Concurrency, InputEnded);
                if (lease.RetryAfter is { } retryAfter)
                {
                    status = 503;
                    var close = !keepOpen || Request.ContentLength != 0;
                    await HeadWriter.WriteAnswerAsync(Output, 503, null,
                        [new("Retry-After", Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture))],
                        "text/plain; charset=utf-8", "Service unavailable: the concurrency limit's queue is full or the wait ran out.\n", close, IsHead);
                    return keepOpen = !close;
                }

                await Services.Dispatcher.ForwardAsync(cluster, host, host.SummaryToFill);
            }

            if (host.TooSlow && !host.ResponseStarted)
            {
                // As Kestrel: a body slower than the listener's minimum rate gets 408 and the connection closes.
                status = 408;
                await HeadWriter.WriteAnswerAsync(Output, 408, null, [], null, null, close: true, IsHead);
                return keepOpen = false;
            }

            if (!host.ResponseStarted)
            {
                // Every try failed before a byte reached the client: the status the last one came to, without a body, as YARP answers.
                status = host.PendingStatus is > 0 and not 499 ? host.PendingStatus : host.Summary?.Last.Status ?? 502;
                if (host.Summary?.ClientAborted == true || host.PendingStatus == 499)
                {
                    return keepOpen = false;
                }

                var close = !keepOpen || (Request.ContentLength != 0 && !host.BodyConsumed) || host.MustClose;
                await HeadWriter.WriteAnswerAsync(Output, status, null, host.StickyCookie is { } cookie ? [new("Set-Cookie", cookie)] : [], null, null, close, IsHead);
                return keepOpen = !close;
            }

            status = Response.Status;
            return keepOpen = keepOpen && !host.MustClose && (Request.ContentLength == 0 || host.BodyConsumed);
        }
        finally
        {
            _bodyLeftUnread = !keepOpen && Request.ContentLength != 0 && host?.BodyConsumed != true && !Aborted.IsCancellationRequested;
            if (status >= 500)
            {
                routeTraffic?.OnServerError();
                clusterTraffic?.OnServerError();
            }

            if (counted)
            {
                StickCounting.EndRequest(state.Session, StickCounting.IsClientError(state.RequestDenied, state.ServerStatus), Math.Max(0, bytesIn), Math.Max(0, host?.BytesOut ?? 0));
            }

            var line = Record(state, host, routeId, status, method, target, acceptedAt, started, bytesIn, snapshot.Version, aborted: !keepOpen && Aborted.IsCancellationRequested);
            if (span is not null)
            {
                GatewayTracing.EndRequest(span, line.Status, line.Route, line.Cluster, line.Server, line.Revision, line.RuleAnswer);
            }
        }
    }

    private bool IsHead => string.Equals(Request.Method, "HEAD", StringComparison.Ordinal);

    private async ValueTask<int> AnswerWithRuleAsync(GatewayRuleState state)
    {
        var answer = state.Session.Response!;
        if (answer.Kind == RuleResponseKind.Tarpit)
        {
            try
            {
                await Task.Delay(state.TarpitTimeout(), Services.Time, InputEnded);
            }
            catch (OperationCanceledException)
            {
                return 499;
            }
        }

        await WriteRuleAnswerAsync(state, answer, close: Request.Close || Request.ContentLength != 0, responsePhase: false);
        return answer.StatusCode;
    }

    /// <summary>A terminal rule's answer, written as RuleResponseWriter writes it on the Kestrel path.</summary>
    public async ValueTask WriteRuleAnswerAsync(GatewayRuleState state, RuleResponse answer, bool close, bool responsePhase)
    {
        List<KeyValuePair<string, string>> headers = [];
        if (answer.Kind != RuleResponseKind.Return)
        {
            headers.Add(new("Cache-Control", "no-store"));
        }

        headers.AddRange(answer.Headers);
        if (answer.Location is not null)
        {
            headers.Add(new("Location", answer.Location));
        }

        string? contentType = null;
        string? body = null;
        if (answer.Body is not null)
        {
            (contentType, body) = (answer.ContentType ?? "text/plain; charset=utf-8", answer.Body);
        }
        else if (answer.ContentType is not null)
        {
            contentType = answer.ContentType;
        }
        else if (answer.Kind is RuleResponseKind.Deny or RuleResponseKind.Tarpit or RuleResponseKind.RewriteFailed && answer.StatusCode >= 400)
        {
            (contentType, body) = ErrorPages.Render(answer.StatusCode, state.ErrorPages(), Request.Headers.Joined("Accept"));
        }

        Response.Status = answer.StatusCode;
        _ = responsePhase;
        await HeadWriter.WriteAnswerAsync(Output, answer.StatusCode, null, headers, contentType, body, close, IsHead);
    }

    private async ValueTask<int> NotFoundAsync()
    {
        var adminUrl = Client.Remote?.Address is { } address && System.Net.IPAddress.IsLoopback(address) ? Services.Options.AdminUrl : null;
        var (contentType, body) = NotFoundPage.Render($"{Request.Method} {Request.Headers.First(KnownHeaders.Host)}{Request.Path}", Request.Headers.Joined("Accept") ?? "", adminUrl);
        await HeadWriter.WriteAnswerAsync(Output, 404, null, [new("Cache-Control", "no-store")], contentType, body, Request.Close || Request.ContentLength != 0, IsHead);
        return 404;
    }

    /// <summary>
    /// A server connection for this request, by the cluster's reuse strategy; reports whether it was idle before. An
    /// idle connection is polled first (has the server closed it, or sent something unasked?) unless it was put back
    /// less than <see cref="FreshIdle"/> ago and the request can go again on a new connection should it fail without
    /// an answer (<paramref name="mayGoAgain"/>: no body or a body kept in memory, and a method the retry rules would send
    /// again): a server does not time out a connection it just answered on, and the poll is a system call per request.
    /// </summary>
    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder<>))]
    public async ValueTask<(ServerConnection, bool Reused)> AcquireAsync(ServerEndpoint endpoint, ServerConnectionPool pool, ReuseStrategy strategy, TimeSpan connectTimeout, bool mayGoAgain)
    {
        if (!ForceFreshConnection)
        {
            var now = Services.Time.GetTimestamp();
            if (_own is { } own && own.Key == endpoint.Key)
            {
                _own = null;
                if (StillUsable(own, now, mayGoAgain))
                {
                    return (own, true);
                }

                await own.DisposeAsync();
            }

            if (ReuseStrategies.MayTakeIdle(strategy, _requests == 1, out var validatedOnly))
            {
                while (pool.TryTake(validatedOnly) is { } idle)
                {
                    if (StillUsable(idle, now, mayGoAgain))
                    {
                        return (idle, true);
                    }

                    await idle.DisposeAsync();
                }
            }
        }

        return (await ServerPools.ConnectAsync(endpoint.Key, endpoint.Host, endpoint.Port, connectTimeout, Aborted), false);
    }

    /// <summary>How long after it was put back an idle server connection is taken without a poll (for a request that can go again).</summary>
    public static readonly TimeSpan FreshIdle = TimeSpan.FromSeconds(1);

    private bool StillUsable(ServerConnection link, long now, bool mayGoAgain) =>
        (mayGoAgain && Services.Time.GetElapsedTime(link.IdleSince, now) < FreshIdle) || link.LooksAlive();

    /// <summary>A connection that ended its exchange cleanly: kept for this client (never) or shared in the pool.</summary>
    public void Release(ServerConnection link, ServerConnectionPool pool, ReuseStrategy strategy)
    {
        if (strategy == ReuseStrategy.Never)
        {
            var previous = _own;
            _own = link;
            link.IdleSince = Services.Time.GetTimestamp();
            if (previous is not null)
            {
                previous.Close();
            }

            return;
        }

        if (!pool.TryReturn(link, Services.Time.GetTimestamp()))
        {
            link.Close();
        }
    }

    /// <summary>The request's outcome, recorded once for the metrics, the charts and the recent ring, and queued as a line when the log is on.</summary>
    private RequestOutcome Record(GatewayRuleState state, Http1ForwardHost? host, string? routeId, int status, string method, string target, DateTimeOffset acceptedAt, long started, long bytesIn, string revision, bool aborted)
    {
        var elapsed = Stopwatch.GetElapsedTime(started);
        var forward = host?.Summary;
        var clusterId = host is not null ? state.ClusterId : null;
        var options = Services.AccessLog.Options;
        var format = options.FormatFor(listenerId);
        var log = AccessLogFormats.IsOn(format) && (options.SampleRateFor(listenerId) is var rate && (rate >= 1 || Random.Shared.NextDouble() < rate));

        // The same fields whether or not the line is written: the Recent requests page keeps them either way.
        var ruleAnswer = state.Session.Response?.Kind.ToString().ToLowerInvariant();
        var outcome = new RequestOutcome(listenerId, Client.AddressAndPort, revision)
        {
            AcceptedAt = acceptedAt,
            Method = method,
            Target = target,
            Protocol = "HTTP/1.1",
            Status = aborted && host?.ResponseStarted != true ? 499 : status,
            BytesIn = bytesIn,
            BytesOut = host?.BytesOut ?? -1,
            Tw = forward is null ? -1 : (long)forward.QueueWait.TotalMilliseconds,
            Tr = forward is null || forward.Tries == 0 ? -1 : (long)forward.LastTryTime.TotalMilliseconds,
            Elapsed = elapsed,
            Route = routeId,
            Cluster = forward is null && ruleAnswer is not null ? state.ClusterId : clusterId,
            Server = forward?.ServerId,
            Retries = forward?.Retries ?? 0,
            Termination = TerminationState.For(forward, ruleAnswer, aborted, host?.ResponseStarted ?? true),
            RuleAnswer = ruleAnswer,
            RuleScope = ruleAnswer is null ? null : state.Session.AnsweredBy?.Scope,
            RuleLine = state.Session.AnsweredBy?.Line ?? 0,
        };
        Services.Recorder.Record(in outcome);
        if (log)
        {
            Services.AccessLog.Enqueue(outcome.ToRecord(), format);
        }

        return outcome;
    }
}
