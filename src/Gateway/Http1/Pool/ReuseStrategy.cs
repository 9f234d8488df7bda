using Gateway.Core.Configuration;

namespace Gateway.Http1.Pool;

/// <summary>HAProxy's <c>http-reuse</c> strategies, as the core applies them (see <see cref="HttpReuseModes"/>).</summary>
internal enum ReuseStrategy
{
    /// <summary>A server connection serves one client connection only, and closes with it.</summary>
    Never,

    /// <summary>A client's first request goes on a new connection (or one it already holds); later ones may reuse any idle one.</summary>
    Safe,

    /// <summary>A first request may reuse a validated idle connection (one that served more than one request); later ones any.</summary>
    Aggressive,

    /// <summary>Every request may reuse any idle connection.</summary>
    Always,
}

internal static class ReuseStrategies
{
    public static ReuseStrategy Parse(string? mode) => mode switch
    {
        HttpReuseModes.Never => ReuseStrategy.Never,
        HttpReuseModes.Aggressive => ReuseStrategy.Aggressive,
        HttpReuseModes.Always => ReuseStrategy.Always,
        _ => ReuseStrategy.Safe,
    };

    /// <summary>Whether this request may take a connection from the shared idle pool, and whether only a validated one.</summary>
    public static bool MayTakeIdle(ReuseStrategy strategy, bool firstRequest, out bool validatedOnly)
    {
        validatedOnly = false;
        switch (strategy)
        {
            case ReuseStrategy.Never:
                return false;
            case ReuseStrategy.Safe:
                return !firstRequest;
            case ReuseStrategy.Aggressive:
                validatedOnly = firstRequest;
                return true;
            default:
                return true;
        }
    }
}
