using System.Diagnostics;
using Gateway.Backends;
using Gateway.Health;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace Gateway.Forwarding;

/// <summary>
/// YARP's side of <see cref="BackendDispatcher"/>: one request in YARP's proxy pipeline. A try runs
/// the rest of the pipeline (YARP's forwarder) with the chosen destination as the only one, then
/// reads how it went from YARP's error feature; a retry clears the failed try's response and
/// rewinds the body. Only translation lives here: the decisions are the dispatcher's.
/// </summary>
internal sealed class YarpForwardHost : IForwardHost<DestinationState>
{
    private readonly HttpContext _context;
    private readonly RequestDelegate _next;
    private readonly IReverseProxyFeature _proxy;
    private readonly ILoadBalancingPolicy _policy;
    private readonly RetryStatusFeature? _retryStatus;
    private bool _bodyBuffered;
    private string? _stickyCookie;

    public YarpForwardHost(HttpContext context, RequestDelegate next, IReverseProxyFeature proxy, ILoadBalancingPolicy policy, RetryStatusFeature? retryStatus)
    {
        _context = context;
        _next = next;
        _proxy = proxy;
        _policy = policy;
        _retryStatus = retryStatus;
        Available = proxy.AvailableDestinations;
    }

    public string Method => _context.Request.Method;

    public IReadOnlyList<DestinationState> Available { get; }

    public CancellationToken Aborted => _context.RequestAborted;

    public CancellationToken WaitAborted => Connections.ClientHalfClose.WaitToken(_context);

    public IReadOnlyList<DestinationState> AvailableBackups() => ServerAvailabilityPolicy.AvailableBackups(_proxy.Cluster.Config, _proxy.AllDestinations);

    public string Id(DestinationState server) => server.DestinationId;

    public DestinationState? PickBalanced(IReadOnlyList<DestinationState> candidates) => _policy.PickDestination(_context, _proxy.Route.Cluster!, candidates);

    public string? HashKey(HashSource source, string? header) => source switch
    {
        HashSource.ClientAddress => _context.Connection.RemoteIpAddress?.ToString(),
        HashSource.Path => _context.Request.Path.Value is { Length: > 0 } path ? path : "/",
        _ => _context.Request.Headers[header!] is { Count: > 0 } values && values.ToString() is { Length: > 0 } value ? value : null,
    };

    public string? Cookie(string name) => _context.Request.Cookies[name];

    public bool PrepareReplay(int limit)
    {
        var request = _context.Request;
        if (request.ContentLength == 0 || (request.ContentLength is null && _context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false))
        {
            return true;
        }

        if (request.ContentLength is not { } length || length > limit)
        {
            return false;
        }

        // Kept in memory (its size is known and bounded by the limit) so the next try can read it again.
        request.EnableBuffering(bufferThreshold: (int)length + 1, bufferLimit: length);
        _bodyBuffered = true;
        return true;
    }

    public async ValueTask<bool> BufferBodyAsync(int limit)
    {
        var request = _context.Request;
        if (request.ContentLength is not ({ } length and > 0) || length > limit)
        {
            return true;
        }

        request.EnableBuffering(bufferThreshold: (int)length + 1, bufferLimit: length);
        _bodyBuffered = true;
        try
        {
            await request.Body.CopyToAsync(Stream.Null, _context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel's verdict on the body (too slow for the listener's minimum rate: 408; malformed: 400).
            if (!_context.Response.HasStarted)
            {
                _context.Response.StatusCode = ex.StatusCode;
            }

            return false;
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            return false;
        }

        request.Body.Position = 0;
        return true;
    }

    public async ValueTask<AttemptResult> SendAsync(DestinationState server, bool mayRetryStatus)
    {
        _proxy.AvailableDestinations = server; // a DestinationState is a list of itself: YARP's forwarder takes it
        if (_retryStatus is not null)
        {
            _retryStatus.MayHoldBack = mayRetryStatus;
        }

        var started = Stopwatch.GetTimestamp();
        await _next(_context).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var response = _context.Response;
        var error = _context.Features.Get<IForwarderErrorFeature>();
        var (failure, reason) = error is null ? (ForwardFailure.None, null) : ForwarderErrors.Classify(error.Error, error.Exception, _context.RequestAborted.IsCancellationRequested);
        return new AttemptResult(failure, response.StatusCode, response.HasStarted, reason, elapsed);
    }

    public void ResetForRetry()
    {
        _context.Features.Set<IForwarderErrorFeature>(null);
        _context.Response.Clear();
        if (_bodyBuffered)
        {
            _context.Request.Body.Position = 0;
        }
    }

    public void SetStickyCookie(string cookie)
    {
        if (_stickyCookie is null)
        {
            // Added as the response starts, so it survives a retry clearing a failed try's headers.
            _context.Response.OnStarting(static state =>
            {
                var host = (YarpForwardHost)state;
                host._context.Response.Headers.Append("Set-Cookie", host._stickyCookie);
                return Task.CompletedTask;
            }, this);
        }

        _stickyCookie = cookie;
    }

    /// <summary>Left in the request's features for whoever logs or traces it.</summary>
    public void Completed(ForwardSummary summary) => _context.Features.Set(summary);

    public async ValueTask RespondUnavailableAsync(string reason, TimeSpan? retryAfter)
    {
        var response = _context.Response;
        if (response.HasStarted)
        {
            return;
        }

        response.Clear();
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        if (retryAfter is { } wait)
        {
            response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        response.Headers.CacheControl = "no-store";
        response.ContentType = "text/plain; charset=utf-8";
        // The reason is the operator's (logged and counted); the client learns only that no server could answer.
        await response.WriteAsync("503 Service Unavailable: no server could take this request now.\n", _context.RequestAborted).ConfigureAwait(false);
    }
}
