namespace Gateway.Admin.Configuration;

/// <summary><c>Gateway:Admin</c>: where the admin endpoints listen, and the limits of the admin API.</summary>
public sealed class AdminOptions
{
    public const string Section = "Gateway:Admin";

    /// <summary>
    /// Loopback by default: the admin endpoints are never exposed unless configured. An <c>https://</c> URL needs
    /// <see cref="Certificate"/>; an <c>http://</c> URL on an address other than loopback is refused at start unless
    /// <see cref="AllowInsecureRemote"/> is set.
    /// </summary>
    public string Url { get; set; } = "http://127.0.0.1:9090";

    /// <summary>Whether the gateway's not-found page names the admin URL (to loopback clients only, whatever this says).</summary>
    public bool ShowUrlOnNotFound { get; set; } = true;

    /// <summary>The admin site's TLS certificate, for an <c>https://</c> <see cref="Url"/>.</summary>
    public AdminCertificateOptions Certificate { get; set; } = new();

    /// <summary>
    /// Lets an <c>http://</c> admin URL on a non-loopback address start (with a warning at every start): passwords,
    /// session cookies and API tokens then cross the network in cleartext. For a trusted network or a TLS-terminating
    /// proxy in front of the admin site only.
    /// </summary>
    public bool AllowInsecureRemote { get; set; }

    /// <summary>
    /// On first start (no admin users yet), an admin user and an API token with this value are created,
    /// so automation can hold the credential before the gateway exists. The token must look like the
    /// ones the gateway generates: <c>gw_</c> and at least 32 letters, digits, <c>-</c> or <c>_</c>.
    /// Ignored once any user exists. Without it, the standalone host generates a token and prints it once.
    /// </summary>
    public string? BootstrapToken { get; set; }

    /// <summary>
    /// On first start (no admin users yet), the password of the first admin user, <c>admin</c>, for the
    /// admin pages (at least 12 characters). Ignored once any user exists. Without it, the standalone
    /// host generates one and prints it once.
    /// </summary>
    public string? BootstrapPassword { get; set; }

    /// <summary>An open API transaction with no activity for this long is dropped.</summary>
    public TimeSpan TransactionTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The largest request body the admin API reads; bigger ones get 413.</summary>
    public long MaxRequestBodySize { get; set; } = 1024 * 1024;

    /// <summary>
    /// Failed authentications per <see cref="AuthFailureWindow"/> before 429: bad API tokens per client address, and
    /// failed sign-ins per (client address, user name). See the README's "Lock-out policy".
    /// </summary>
    public int AuthFailureLimit { get; set; } = 5;

    /// <summary>
    /// At start, commit the host's Gateway section as a new revision when it differs from the store (the standalone
    /// host's <c>--reimport-settings</c>); otherwise the store wins and the difference is only logged.
    /// </summary>
    public bool ReimportSettings { get; set; }

    /// <summary>
    /// Failed sign-ins per <see cref="AuthFailureWindow"/> from one client address over all user names, beyond which
    /// only names that have not failed from it in the window are still checked (once each).
    /// </summary>
    public int AuthFailureAddressLimit { get; set; } = 20;

    public TimeSpan AuthFailureWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Directories whose files a haproxy.cfg import may read (the certificates of <c>ssl crt</c>, the files of
    /// <c>map(file)</c>); files elsewhere are reported as not converted. Debian's HAProxy directory by default.
    /// </summary>
    public IList<string> HaproxyImportDirectories { get; } = ["/etc/haproxy"];

    /// <summary>
    /// Host names (besides the admin URL's, <c>localhost</c> and IP addresses) the admin site answers to, e.g. the
    /// name of a reverse proxy in front of it. Requests naming any other host get 400 (DNS rebinding).
    /// </summary>
    public IList<string> AllowedHosts { get; } = [];

    /// <summary>Set by a host that shows generated bootstrap credentials to its operator (the standalone host prints them).</summary>
    internal bool GenerateBootstrapCredentials { get; set; }
}
