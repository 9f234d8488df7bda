using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Gateway.Async;
using Gateway.Backends;
using Gateway.Core.Configuration;
using Gateway.Health;
using Gateway.Http;
using Gateway.Http1.Parsing;
using Gateway.Http1.Pool;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace Gateway.Http1.Proxy;

/// <summary>
/// The HTTP/1.1 core's side of <see cref="BackendDispatcher"/>: servers are YARP's destination states (so health,
/// availability and the balance policies are the same objects the YARP path uses); a try writes the request head and
/// body on a pooled server connection, reads the response head, runs the response rules and relays the answer.
/// Reused request after request over the same heads and rule state (see <see cref="Http1RequestContext"/>):
/// <see cref="Start"/> gives it the request's connection and cluster, <see cref="Clear"/> forgets them and every
/// result, so the next request finds it as new.
/// </summary>
internal sealed class Http1ForwardHost(RequestHead request, ResponseHead response, GatewayRuleState rules, RequestMemo memo) : IForwardHost<DestinationState>
{
    private readonly RequestHead _request = request;
    private readonly ResponseHead _response = response;
    private readonly RequestMemo _memo = memo; // the context's, kept across requests
    private readonly ForwardSummary _summary = new();

    // The request's; set by Start before the dispatcher sees this host, and let go of by Clear.
    private Http1Connection _connection = null!;
    private ClusterConfig _cluster = null!;
    private ClusterState _clusterState = null!;
    private ILoadBalancingPolicy _policy = null!;
    private string? _stickyCookie;

    /// <summary>Begins a forward of the request on <paramref name="connection"/> to <paramref name="cluster"/>; the summary to fill is <see cref="SummaryToFill"/>.</summary>
    public void Start(Http1Connection connection, ClusterConfig cluster, ClusterState clusterState, ILoadBalancingPolicy policy)
    {
        _connection = connection;
        _cluster = cluster;
        _clusterState = clusterState;
        _policy = policy;
    }

    /// <summary>The summary the dispatcher fills for this request (reset with the host).</summary>
    public ForwardSummary SummaryToFill => _summary;

    /// <summary>Forgets the request: its connection, cluster, results, kept body and summary.</summary>
    public void Clear()
    {
        _connection = null!;
        _cluster = null!;
        _clusterState = null!;
        _policy = null!;
        _stickyCookie = null;
        ResponseStarted = false;
        PendingStatus = 0;
        MustClose = false;
        BodyConsumed = false;
        BytesOut = -1;
        Summary = null;
        _summary.Reset();
        _keepBody = false;
        _body = null;
        TooSlow = false;
    }

    /// <summary>The response reached the client (head at least).</summary>
    public bool ResponseStarted { get; private set; }

    /// <summary>A failed try's status for the client (502, 504, 400) when nothing was relayed.</summary>
    public int PendingStatus { get; private set; }

    /// <summary>The client connection must close after this exchange (a body left half-read, a response ended by close).</summary>
    public bool MustClose { get; private set; }

    /// <summary>The request body was read from the client (whole or broken): nothing of it is left in the pipe.</summary>
    public bool BodyConsumed { get; private set; }

    public long BytesOut { get; private set; } = -1;

    public ForwardSummary? Summary { get; private set; }

    public string Method => _request.Method;

    public IReadOnlyList<DestinationState> Available => _clusterState.DestinationsState.AvailableDestinations;

    public CancellationToken Aborted => _connection.Aborted;

    public CancellationToken WaitAborted => _connection.InputEnded;

    public IReadOnlyList<DestinationState> AvailableBackups() => ServerAvailabilityPolicy.AvailableBackups(_clusterState.Model.Config, _clusterState.DestinationsState.AllDestinations);

    public string Id(DestinationState server) => server.DestinationId;

    // The gateway's policies read no HttpContext (they balance on weights and request counts); any other gets a view of the request.
    public DestinationState? PickBalanced(IReadOnlyList<DestinationState> candidates) => _policy.PickDestination(
        Http1RequestView.NeedsNoContext(_policy) ? null! : Http1RequestView.For(_request, _connection.Client, rules.ListenerId, Aborted), _clusterState, candidates);

    public string? HashKey(HashSource source, string? header) => source switch
    {
        HashSource.ClientAddress => _connection.Client.Remote?.Address.ToString(),
        HashSource.Path => _request.Path is { Length: > 0 } path ? path : "/",
        _ => _request.Headers.Joined(header!) is { Length: > 0 } value ? value : null,
    };

    public string? Cookie(string name) => Cookies.Find(_request.Headers, name);

    private bool _keepBody;
    private byte[]? _body;

    /// <summary>
    /// A body of known length within the limit is read whole before the first try and sent from memory on every try;
    /// any other body is relayed as it arrives, and its request is retried only when nothing reached a server.
    /// </summary>
    public bool PrepareReplay(int limit)
    {
        if (_request.ContentLength == 0)
        {
            return true;
        }

        if (_request.Chunked || _request.ContentLength > limit)
        {
            return false;
        }

        _keepBody = true;
        return true;
    }

    /// <summary>The cluster's <c>BufferRequestBody</c>: a body of known length within the limit is read whole before a server is chosen.</summary>
    public async ValueTask<bool> BufferBodyAsync(int limit)
    {
        if (_request.Chunked || _request.ContentLength <= 0 || _request.ContentLength > limit)
        {
            return true;
        }

        _keepBody = true;
        return _body is not null || await ReadKeptBodyAsync();
    }

    private async ValueTask<bool> ReadKeptBodyAsync()
    {
        var body = new byte[_request.ContentLength];
        var filled = 0;
        var guard = _connection.StartBody();
        try
        {
            while (filled < body.Length)
            {
                guard?.BeforeRead();
                var read = await _connection.Input.ReadAsync(Aborted);
                var buffer = read.Buffer;
                if (read.IsCanceled && guard?.Expired == true)
                {
                    _connection.Input.AdvanceTo(buffer.Start);
                    TooSlow = true;
                    BodyConsumed = true;
                    MustClose = true;
                    return false;
                }

                var take = (int)Math.Min(buffer.Length, body.Length - filled);
                guard?.AfterRead(take);
                buffer.Slice(0, take).CopyTo(body.AsSpan(filled));
                filled += take;
                _connection.Input.AdvanceTo(buffer.GetPosition(take));
                if (read.IsCompleted && filled < body.Length)
                {
                    BodyConsumed = true;
                    MustClose = true;
                    return false;
                }
            }
        }
        finally
        {
            guard?.Stop();
        }

        BodyConsumed = true;
        _body = body;
        return true;
    }

    /// <summary>
    /// The request may go again on a new connection if a reused one fails under it: its body (if any) is kept, and the
    /// retry rules would send it again (<see cref="RetryRules.MaySendAgain"/>). Only such a request takes an idle
    /// connection without first checking that the server has not closed it.
    /// </summary>
    private bool MayGoAgain => (_request.ContentLength == 0 || _body is not null || _keepBody) && RetryRules.MaySendAgain(_cluster.Retry, _request.Method);

    /// <summary>The client sent its body slower than the listener's minimum rate: it gets 408 and its connection closes.</summary>
    public bool TooSlow { get; private set; }

    private const string TooSlowReason = "the client sent its request body slower than the listener's minimum rate";

    /// <summary>One try on <paramref name="server"/>: one state machine for the whole try (a wrapper for the counting would be a second one per request).</summary>
    public ValueTask<AttemptResult> SendAsync(DestinationState server, bool mayRetryStatus) => TryAsync(server, mayRetryStatus, Stopwatch.GetTimestamp(), outermost: true);

    private AttemptResult End(ForwardFailure failure, int status, string? reason, long started)
    {
        PendingStatus = failure == ForwardFailure.None ? 0 : status;
        return new AttemptResult(failure, status, ResponseStarted, reason, Stopwatch.GetElapsedTime(started));
    }

    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder<>))]
    private async ValueTask<AttemptResult> TryAsync(DestinationState server, bool mayRetryStatus, long started, bool outermost)
    {
        if (outermost)
        {
            server.ConcurrentRequestCount++;
        }

        try
        {
            var (endpoint, pool) = _memo.Server(_connection.Services.Pools, server.Model.Config.Address);
            var strategy = ReuseStrategies.Parse(_cluster.HttpReuse);
            ServerConnection? link = null;
            var reused = false;
            var mayGoAgain = MayGoAgain;
            try
            {
                (link, reused) = await _connection.AcquireAsync(endpoint, pool, strategy, _cluster.ConnectTimeout ?? DefaultConnectTimeout, mayGoAgain);
            }
            catch (TimeoutException e)
            {
                _ = e;
                return End(ForwardFailure.ConnectTimeout, 504, Forwarding.ForwarderErrors.ConnectTimeoutReason, started);
            }
            catch (OperationCanceledException) when (Aborted.IsCancellationRequested)
            {
                return End(ForwardFailure.Client, 499, "client went away", started);
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException)
            {
                return End(ForwardFailure.ConnectFailed, 502, e is System.Net.Sockets.SocketException s ? Forwarding.ForwarderErrors.SocketReason(s.SocketErrorCode) : "connect failed", started);
            }

            var clean = false;
            ActivityTimer? timeout = null;
            try
            {
                var head = _connection.HeadBuffer;
                var sent = false;
                try
                {
                    WriteRequestHead(head, endpoint);
                    // A request without a body may be held to the end of the engine's turn (ServerConnection.SendAllAsync).
                    await link.SendAllAsync(head.WrittenMemory, Aborted, mayHold: _request.ContentLength == 0);
                    sent = true;
                }
                catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException)
                {
                }
                finally
                {
                    head.Release();
                }

                if (!sent)
                {
                    return reused && (_request.ContentLength == 0 || _body is not null || _keepBody) ? await RetryFreshAsync(server, mayRetryStatus, started) : End(ForwardFailure.NoResponse, 502, "connection closed by the server", started);
                }

                if (_keepBody && _body is null && !await ReadKeptBodyAsync())
                {
                    return TooSlow ? End(ForwardFailure.Client, 408, TooSlowReason, started) : End(ForwardFailure.Client, 400, "the client went away or broke its request", started);
                }

                if (_body is not null)
                {
                    try
                    {
                        await link.SendAllAsync(_body, Aborted);
                    }
                    catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException)
                    {
                        // A reused connection the server had closed: the request never reached it whole, and its body is kept.
                        return reused ? await RetryFreshAsync(server, mayRetryStatus, started) : End(ForwardFailure.NoResponse, 502, "the server broke the connection while receiving the request body", started);
                    }
                }
                else if (_request.ContentLength != 0)
                {
                    var guard = _connection.StartBody();
                    RelayEnd end;
                    try
                    {
                        end = await BodyRelay.RequestAsync(_connection.Input, link, _request.ContentLength, guard, Aborted);
                    }
                    finally
                    {
                        guard?.Stop();
                    }

                    BodyConsumed = true;
                    if (end == RelayEnd.TooSlow)
                    {
                        // Half a request stays on this server connection: closed below, never pooled.
                        TooSlow = true;
                        MustClose = true;
                        return End(ForwardFailure.Client, 408, TooSlowReason, started);
                    }

                    if (end == RelayEnd.SourceBroken)
                    {
                        // A half-written request stays on this server connection: it is closed below, never pooled.
                        MustClose = true;
                        return End(ForwardFailure.Client, 400, "the client went away or broke its request", started);
                    }

                    if (end == RelayEnd.DestinationBroken)
                    {
                        MustClose = true;
                        return End(ForwardFailure.NoResponse, 502, "connection closed by the server while the body was sent", started);
                    }
                }
                else
                {
                    BodyConsumed = true;
                }

                var activity = _cluster.ActivityTimeout ?? Forwarding.ProxyConfigMapper.DefaultActivityTimeout;
                timeout = _connection.BeginServerExchange(activity);
                // The response head, read here rather than in a method of its own (one state machine fewer per request). A
                // reused connection that brought nothing back goes again on a new one, as SocketsHttpHandler does, but only
                // for a request the retry rules would send again: this one reached the server whole, which may have acted on
                // it (a POST must not be replayed silently; it fails as on the Kestrel path, and the retry rules decide).
                var goAgain = reused && mayGoAgain; // a kept body was read above, so _body holds it now
                var headRequest = string.Equals(_request.Method, "HEAD", StringComparison.Ordinal);
                var firstRead = true;
                while (true)
                {
                    if (!firstRead)
                    {
                        timeout.Touch(); // the first read's time was noted as the exchange began
                    }

                    firstRead = false;
                    System.IO.Pipelines.ReadResult read;
                    try
                    {
                        read = await link.Input.ReadAsync(timeout.Token);
                    }
                    catch (OperationCanceledException) when (Aborted.IsCancellationRequested)
                    {
                        return End(ForwardFailure.Client, 499, "client went away", started);
                    }
                    catch (OperationCanceledException)
                    {
                        return End(ForwardFailure.ResponseTimeout, 504, Forwarding.ForwarderErrors.ActivityTimeoutReason, started);
                    }
                    catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
                    {
                        return goAgain || NeverSent(link, reused) ? await RetryFreshAsync(server, mayRetryStatus, started)
                            : End(ForwardFailure.NoResponse, 502, Forwarding.ForwarderErrors.SocketReason(System.Net.Sockets.SocketError.ConnectionReset), started);
                    }

                    var buffer = read.Buffer;
                    var parsed = ResponseHeadParser.TryParse(buffer, _response, headRequest);
                    if (parsed.Kind == HeadParseStatus.Complete)
                    {
                        link.Input.AdvanceTo(buffer.GetPosition(parsed.Length));
                        if (_response.Status < 200)
                        {
                            continue; // interim answers (103) are not relayed
                        }

                        break;
                    }

                    if (parsed.Kind == HeadParseStatus.Invalid)
                    {
                        link.Input.AdvanceTo(buffer.End);
                        return End(ForwardFailure.InvalidResponse, 502, parsed.Reason, started);
                    }

                    var nothing = buffer.IsEmpty;
                    link.Input.AdvanceTo(buffer.Start, buffer.End);
                    if (read.IsCompleted)
                    {
                        return (goAgain || NeverSent(link, reused)) && nothing ? await RetryFreshAsync(server, mayRetryStatus, started)
                            : End(ForwardFailure.NoResponse, 502, Forwarding.ForwarderErrors.NoResponseReason, started);
                    }
                }

                ((Http1RuleExchange)rules.Session.Exchange).ServerAddress = server.Model.Config.Address;
                if (mayRetryStatus && _cluster.Retry.OnStatuses.Contains(_response.Status))
                {
                    // Held back for another try: its body is not relayed, so this connection is not reused.
                    return End(ForwardFailure.None, _response.Status, null, started);
                }

                rules.ServerStatus = _response.Status; // before response rules, as HAProxy counts http_err
                if (rules.Snapshot.Rules.Any && GatewayRulePipeline.RunResponse(rules) == Core.Rules.Runtime.RuleOutcome.Respond)
                {
                    _connection.Services.RegexTimeouts?.ReportIfTimedOut(rules);
                    var answer = rules.Session.Response!;
                    await _connection.WriteRuleAnswerAsync(rules, answer, close: MustClose, responsePhase: true);
                    ResponseStarted = true;
                    return End(ForwardFailure.None, answer.StatusCode, null, started);
                }

                var close = _request.Close || MustClose || _response.UntilClose;
                HeadWriter.ResponseHead(_connection.Output, _response, _stickyCookie, close);
                ResponseStarted = true;
                var relay = await BodyRelay.ResponseAsync(link.Input, _connection.Output, _response.ContentLength, timeout);
                if (_response.ContentLength >= 0)
                {
                    BytesOut = _response.ContentLength;
                }

                if (relay != RelayEnd.Complete)
                {
                    // The client got a head and part of a body: the only honest end is to close its connection too. A client
                    // that went away (a failed write, or its reset cancelling the read from the server) ended it, not the server.
                    MustClose = true;
                    return relay == RelayEnd.DestinationBroken || Aborted.IsCancellationRequested
                        ? End(ForwardFailure.Client, _response.Status, Forwarding.ForwarderErrors.ClientGoneReason, started)
                        : End(ForwardFailure.Other, _response.Status, "the server's response body was malformed or cut short", started);
                }

                MustClose |= _response.UntilClose;
                clean = !_response.Close;
                return End(ForwardFailure.None, _response.Status, null, started);
            }
            finally
            {
                timeout?.End();

                if (clean)
                {
                    link.Uses++;
                    _connection.Release(link, pool, strategy);
                }
                else
                {
                    await link.DisposeAsync();
                }
            }
        }
        finally
        {
            if (outermost)
            {
                server.ConcurrentRequestCount--;
            }
        }
    }

    /// <summary>
    /// A request held to the end of the engine's turn whose send failed on a reused connection: it never reached the
    /// server, so it goes again on a new connection, as when its send fails at once (above).
    /// </summary>
    private static bool NeverSent(ServerConnection link, bool reused) => reused && link.HeldSendFailed;

    /// <summary>
    /// An idle connection the server closed just as it was reused: the request (without a body) never reached it, so it
    /// goes again on a new connection, as SocketsHttpHandler does, instead of counting a failure against the server.
    /// </summary>
    [AsyncMethodBuilder(typeof(PooledValueTaskMethodBuilder<>))]
    private async ValueTask<AttemptResult> RetryFreshAsync(DestinationState server, bool mayRetryStatus, long started)
    {
        _connection.ForceFreshConnection = true;
        try
        {
            return await TryAsync(server, mayRetryStatus, started, outermost: false);
        }
        finally
        {
            _connection.ForceFreshConnection = false;
        }
    }

    private void WriteRequestHead(IBufferWriter<byte> output, ServerEndpoint endpoint)
    {
        var writer = new HeadSpanWriter(output);
        HeadWriter.Text(ref writer, _request.Method);
        writer.Write(" "u8);
        HeadWriter.Text(ref writer, _request.Path);
        if (_request.Query is { } query)
        {
            writer.Write("?"u8);
            HeadWriter.Text(ref writer, query);
        }

        writer.Write(" HTTP/1.1\r\n"u8);
        var clientHost = _request.Headers.First(KnownHeaders.Host) ?? "";
        var host = _cluster.HostHeader switch
        {
            HostHeaderModes.Client => clientHost,
            HostHeaderModes.Server => endpoint.Authority,
            var fixedHost => fixedHost,
        };
        HeadWriter.Line(ref writer, KnownHeaders.Host, host);
        // W3C trace context: the try's span when one is recording (the server's span becomes its child), in place of
        // the caller's; otherwise the caller's headers go on as they came, as through the Kestrel + YARP path.
        var trace = Tracing.GatewayTracing.Outgoing();
        if (trace is { } outgoing)
        {
            HeadWriter.Line(ref writer, "traceparent", outgoing.TraceParent);
            if (outgoing.TraceState is { Length: > 0 } traceState)
            {
                HeadWriter.Line(ref writer, "tracestate", traceState);
            }
        }

        for (var i = 0; i < _request.Headers.Length; i++)
        {
            var (name, value) = _request.Headers[i];
            if (trace is not null && (name.Equals("traceparent", StringComparison.OrdinalIgnoreCase) || name.Equals("tracestate", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (KnownHeaders.IsHopByHop(name) || name.Equals(KnownHeaders.Host, StringComparison.OrdinalIgnoreCase)
                || name.Equals(KnownHeaders.ContentLength, StringComparison.OrdinalIgnoreCase) || name.StartsWith("X-Forwarded-", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (name.Equals("Cookie", StringComparison.OrdinalIgnoreCase) && _connection.Services.Options.ProtectedCookies.Count > 0)
            {
                var kept = Forwarding.ProtectedCookies.Without(value, _connection.Services.Options.ProtectedCookies);
                if (kept.Length > 0)
                {
                    HeadWriter.Line(ref writer, name, kept);
                }

                continue;
            }

            HeadWriter.Line(ref writer, name, value);
        }

        // As YARP's default forwarded-header transforms: each replaced by this hop's value, no X-Forwarded-Prefix.
        if (_connection.Client.ForwardedFor is { } client)
        {
            HeadWriter.Line(ref writer, "X-Forwarded-For", client);
        }

        HeadWriter.Line(ref writer, "X-Forwarded-Proto", _connection.Client.IsTls ? "https" : "http");
        if (clientHost.Length > 0)
        {
            HeadWriter.Line(ref writer, "X-Forwarded-Host", clientHost);
        }

        if (_request.Chunked)
        {
            writer.Write("Transfer-Encoding: chunked\r\n"u8);
        }
        else if (_request.ContentLength > 0 || _request.Headers.First(KnownHeaders.ContentLength) is not null)
        {
            HeadWriter.Line(ref writer, KnownHeaders.ContentLength, _request.ContentLength.ToString(CultureInfo.InvariantCulture));
        }

        writer.Write("\r\n"u8);
        writer.Commit();
    }

    public void ResetForRetry()
    {
        PendingStatus = 0;
        _response.Reset();
    }

    public void SetStickyCookie(string cookie) => _stickyCookie = cookie;

    public async ValueTask RespondUnavailableAsync(string reason, TimeSpan? retryAfter)
    {
        if (ResponseStarted)
        {
            return;
        }

        List<KeyValuePair<string, string>> headers = [new("Cache-Control", "no-store")];
        if (retryAfter is { } wait)
        {
            headers.Add(new("Retry-After", ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture)));
        }

        if (_stickyCookie is not null)
        {
            headers.Add(new("Set-Cookie", _stickyCookie));
        }

        ResponseStarted = true;
        PendingStatus = 0;
        _response.Status = 503;
        await HeadWriter.WriteAnswerAsync(_connection.Output, 503, null, headers, "text/plain; charset=utf-8",
            "503 Service Unavailable: no server could take this request now.\n", _request.Close || _request.ContentLength != 0, string.Equals(_request.Method, "HEAD", StringComparison.Ordinal));
        if (_request.ContentLength != 0)
        {
            MustClose = true;
        }
    }

    public void Completed(ForwardSummary summary) => Summary = summary;

    /// <summary>The sticky cookie to add to an answer the core writes after a failed try.</summary>
    public string? StickyCookie => _stickyCookie;

    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(5);
}
