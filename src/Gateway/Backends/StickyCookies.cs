namespace Gateway.Backends;

/// <summary>
/// The cookie that keeps a client on one server (HAProxy's <c>cookie NAME insert indirect nocache</c>):
/// its value is the server's id, so it survives configuration changes that keep the server, and a
/// value naming no current server is simply ignored (the request is balanced and the cookie reset).
/// </summary>
internal static class StickyCookies
{
    /// <summary>The Set-Cookie value: for the whole site, not readable by scripts.</summary>
    public static string Format(string name, string serverId) => $"{name}={serverId}; Path=/; HttpOnly; SameSite=Lax";
}
