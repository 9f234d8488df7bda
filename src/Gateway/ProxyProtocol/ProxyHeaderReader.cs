using System.IO.Pipelines;

namespace Gateway.ProxyProtocol;

/// <summary>Reads a PROXY protocol header from the start of a connection, consuming exactly its bytes.</summary>
internal static class ProxyHeaderReader
{
    /// <summary>How long a client (the load balancer in front) has to send the whole header.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <returns>The header, or an error saying why the connection must be closed.</returns>
    public static async Task<(ProxyHeader? Header, string? Error)> ReadAsync(PipeReader input, TimeProvider time, CancellationToken aborted)
    {
        using var timeout = new CancellationTokenSource(Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, aborted);
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(linked.Token);
                var buffer = result.Buffer;
                switch (ProxyHeaderParser.TryParse(buffer, out var header, out var consumed, out var error))
                {
                    case ProxyParseStatus.Parsed:
                        input.AdvanceTo(buffer.GetPosition(consumed));
                        return (header, null);
                    case ProxyParseStatus.Invalid:
                        input.AdvanceTo(buffer.Start, buffer.End);
                        return (null, error);
                    default:
                        input.AdvanceTo(buffer.Start, buffer.End);
                        if (result.IsCompleted)
                        {
                            return (null, buffer.IsEmpty ? "the connection closed before sending a PROXY header" : "the connection closed in the middle of its PROXY header");
                        }

                        break;
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return (null, $"no complete PROXY header within {Timeout.TotalSeconds:0} s");
        }
    }
}
