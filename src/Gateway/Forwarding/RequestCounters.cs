namespace Gateway.Forwarding;

/// <summary>Requests and 5xx responses of one route or cluster. Kept by id, so they survive snapshot swaps.</summary>
internal sealed class RequestCounters
{
    private long _requests;
    private long _serverErrors;

    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Responses with a 5xx status, including the gateway's own 502/503/504.</summary>
    public long ServerErrors => Interlocked.Read(ref _serverErrors);

    internal void OnRequest() => Interlocked.Increment(ref _requests);

    internal void OnServerError() => Interlocked.Increment(ref _serverErrors);
}
