namespace Gateway.Admin.Hosting;

/// <summary><c>Gateway:Admin</c>: where the standalone host's admin endpoints listen.</summary>
public sealed class AdminOptions
{
    public const string Section = "Gateway:Admin";

    /// <summary>Loopback by default: the admin endpoints are never exposed unless configured.</summary>
    public string Url { get; set; } = "http://127.0.0.1:9090";
}
