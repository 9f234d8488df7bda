using System.Globalization;
using Gateway.Core.Configuration;
using Gateway.Core.Validation;

namespace Gateway.Core.Import.Haproxy;

/// <summary>Walks the sections in order, applying each <c>defaults</c> to the proxies after it.</summary>
internal sealed class HaproxyDocumentBuilder(HaproxyImportOptions options, List<HaproxyImportNote> notes)
{
    private readonly List<ListenerConfig> _listeners = [];
    private readonly List<ClusterConfig> _clusters = [];
    private readonly List<CertificateConfig> _certificates = [];
    private readonly HaproxyMaps _maps = new(options, notes);
    private readonly List<(ListenerConfig Listener, HaproxyRules Rules)> _listenerRules = [];
    private readonly List<(ClusterConfig Cluster, HaproxyRules Rules)> _clusterRules = [];
    private HaproxyDefaults _defaults = new();
    private string _crtBase = "";

    public void Build(List<HaproxySection> sections)
    {
        foreach (var section in sections)
        {
            switch (section.Kind)
            {
                case "global":
                    Global(section);
                    break;
                case "defaults":
                    _defaults = HaproxyDefaults.Read(section, notes);
                    break;
                case "frontend":
                    Frontend(section, listen: false);
                    break;
                case "backend":
                    Backend(section, listen: false);
                    break;
                case "listen":
                    Backend(section, listen: true);
                    Frontend(section, listen: true);
                    break;
                default:
                    Skip(section.Header, $"'{section.Kind}' sections have no equivalent in the gateway.");
                    section.Lines.ForEach(l => Skip(l, $"Part of a '{section.Kind}' section, which is not converted."));
                    break;
            }
        }
    }

    public GatewayConfig Document()
    {
        var clusterIds = _clusters.Select(c => c.Id).ToList();
        var listeners = _listenerRules.Select(x => x.Listener with { Rules = x.Rules.Compile(Rules.Compilation.RuleScopeKind.Listener, x.Listener.Id, clusterIds, _maps.Configs) }).ToList();
        var clusters = _clusterRules.Select(x => x.Cluster with { Rules = x.Rules.Compile(Rules.Compilation.RuleScopeKind.Cluster, x.Cluster.Id, clusterIds, _maps.Configs) }).ToList();
        return new GatewayConfig
        {
            Listeners = listeners,
            Clusters = clusters,
            Maps = _maps.Configs,
            Certificates = _certificates,
        };
    }

    private void Global(HaproxySection section)
    {
        Skip(section.Header, "Process-wide settings (logging, users, chroot, stats socket, TLS defaults) have no equivalent in the document.");
        foreach (var line in section.Lines)
        {
            if (line.Keyword == "crt-base" && line.Words.Count == 2)
            {
                _crtBase = line.Words[1];
            }

            Skip(line, line.Keyword == "crt-base"
                ? "Used to find the certificates named by 'crt'; not a setting of its own."
                : "Process-wide setting with no equivalent in the document.");
        }
    }

    private void Frontend(HaproxySection section, bool listen)
    {
        var name = HaproxyValues.Id(section.Name ?? "frontend");
        var mode = _defaults.Mode;
        int? maxConnections = _defaults.MaxConnections;
        string? defaultCluster = listen ? name : null;
        TimeSpan? tarpit = _defaults.Tarpit;
        TimeSpan? idle = _defaults.Client;
        TimeSpan? keepAlive = _defaults.HttpKeepAlive;
        TimeSpan? request = _defaults.HttpRequest;
        var binds = new List<(HaproxyLine Line, string Address)>();
        var rules = new HaproxyRules(notes, _maps, frontend: true);
        foreach (var line in section.Lines)
        {
            if (listen && HaproxyBackendLines.IsBackendOnly(line))
            {
                continue; // converted into the listen section's cluster
            }

            switch (line.Keyword)
            {
                case "bind":
                    binds.AddRange(Bind(line).Select(a => (line, a)));
                    break;
                case "mode":
                    mode = line.Words.Count > 1 ? line.Words[1] : mode;
                    break;
                case "maxconn":
                    maxConnections = HaproxyValues.Integer(line.Words.ElementAtOrDefault(1)) ?? maxConnections;
                    break;
                case "default_backend":
                    defaultCluster = line.Words.Count > 1 ? HaproxyValues.Id(line.Words[1]) : null;
                    break;
                case "timeout" when line.Words.Count == 3 && line.Words[1] == "client":
                    idle = HaproxyValues.Duration(line.Words[2]);
                    break;
                case "timeout" when line.Words.Count == 3 && line.Words[1] == "tarpit":
                    tarpit = HaproxyValues.Duration(line.Words[2]);
                    break;
                case "timeout" when line.Words.Count == 3 && line.Words[1] == "http-keep-alive" && HaproxyValues.Duration(line.Words[2]) is { } wait:
                    keepAlive = wait;
                    break;
                case "timeout" when line.Words.Count == 3 && line.Words[1] == "http-request" && HaproxyValues.Duration(line.Words[2]) is { } head:
                    request = head;
                    break;
                case "timeout" when listen && line.Words.Count == 3 && line.Words[1] is "connect" or "server" or "queue" or "check":
                    break; // the cluster's
                default:
                    if (!rules.TryAdd(line))
                    {
                        Skip(line, HaproxyUnsupported.Reason(line));
                    }

                    break;
            }
        }

        if (binds.Count == 0)
        {
            Skip(section.Header, $"'{section.Name}' binds no address the gateway can listen on, so no listener was made.");
            return;
        }

        var tcp = mode == "tcp";
        // HAProxy's order for the wait between HTTP requests: http-keep-alive, else http-request, else client.
        var between = tcp ? idle : keepAlive ?? request ?? idle;
        if (between is { } b && (b <= TimeSpan.Zero || b > ListenerValidator.MaxIdleTimeout))
        {
            Skip(section.Header, $"'{section.Name}': an idle timeout of {b} is outside what a listener takes (up to seven days); the listener keeps the default.");
            between = null;
        }

        var headTimeout = tcp ? null : request;
        if (headTimeout is { } h && (h < ListenerValidator.MinRequestHeaderTimeout || h > ListenerValidator.MaxRequestHeaderTimeout))
        {
            Skip(section.Header, $"'{section.Name}': a 'timeout http-request' of {h} is outside what a listener takes (100 ms to 10 min); the listener keeps the default.");
            headTimeout = null;
        }

        for (var i = 0; i < binds.Count; i++)
        {
            var (line, address) = binds[i];
            var listener = new ListenerConfig
            {
                Id = i == 0 ? name : $"{name}-{(i + 1).ToString(CultureInfo.InvariantCulture)}",
                Address = address,
                Mode = tcp ? ListenerMode.Tcp : ListenerMode.Http,
                MaxConnections = maxConnections,
                DefaultCluster = defaultCluster,
                TarpitTimeout = tcp ? null : tarpit,
                IdleTimeout = between,
                RequestHeaderTimeout = headTimeout,
                AcceptProxy = line.Words.Contains("accept-proxy"),
                StrictSni = line.Words.Contains("strict-sni"),
                Protocols = line.After("alpn") is { } alpn && alpn.Contains("h2", StringComparison.Ordinal) ? ListenerProtocols.Http1 | ListenerProtocols.Http2 : ListenerProtocols.Http1,
                Certificates = Certificates(line),
            };
            _listenerRules.Add((listener, rules));
        }
    }

    /// <summary>The addresses of a bind line (several when comma-separated), each reported when it cannot be bound.</summary>
    private IEnumerable<string> Bind(HaproxyLine line)
    {
        if (line.Words.Count < 2)
        {
            Skip(line, "A bind line needs an address.");
            yield break;
        }

        foreach (var part in line.Words[1].Split(','))
        {
            if (HaproxyValues.ListenerAddress(part, out var why) is { } address)
            {
                yield return address;
            }
            else
            {
                Skip(line, why!);
            }
        }

        var unknown = line.Words.Skip(2).Where((w, i) => !HaproxyBindOptions.Converted(line.Words, i + 2)).ToList();
        if (unknown.Count > 0)
        {
            Skip(line, $"Bind options not converted: {string.Join(' ', unknown)} (converted: ssl crt, accept-proxy, strict-sni, alpn).");
        }
    }

    private List<string> Certificates(HaproxyLine line)
    {
        var ids = new List<string>();
        if (!line.Words.Contains("ssl") || line.After("crt") is not { } crt)
        {
            return ids;
        }

        var path = Path.IsPathRooted(crt) || _crtBase.Length == 0 ? crt : Path.Combine(_crtBase, crt);
        var pem = options.ReadFile(path);
        if (pem is null)
        {
            Skip(line, $"The certificate '{path}' could not be read (a directory, missing, or outside the directories imports may read); add it to the document, then to the listener.");
            return ids;
        }

        var key = HaproxyPem.PrivateKey(pem);
        var id = HaproxyValues.Id(Path.GetFileNameWithoutExtension(path));
        if (_certificates.All(c => c.Id != id))
        {
            _certificates.Add(new CertificateConfig { Id = id, Certificate = HaproxyPem.Certificates(pem), Key = key });
        }

        ids.Add(id);
        return ids;
    }

    private void Backend(HaproxySection section, bool listen)
    {
        var cluster = HaproxyBackendLines.Read(section, _defaults, listen, notes, out var rules, _maps);
        _clusters.Add(cluster);
        if (!listen)
        {
            _clusterRules.Add((cluster, rules));
        }
        else
        {
            _clusterRules.Add((cluster, new HaproxyRules(notes, _maps, frontend: false)));
        }
    }

    private void Skip(HaproxyLine line, string reason) => notes.Add(new(line.Number, line.Text, reason));
}
