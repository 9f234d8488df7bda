using System.Globalization;
using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using Gateway.Core.Rules.Compilation;
using Gateway.Core.Rules.Primitives;
using Gateway.Core.Rules.Runtime;
using Gateway.Core.Rules.Syntax;
using Microsoft.AspNetCore.Http;
using Gateway.Http;

namespace Gateway.Benchmarks;

/// <summary>
/// Per-request cost of a listener's http-request rules, over a real <see cref="HttpContext"/>, as
/// the rule count grows. The rules cycle through the common kinds (exact host with -i, path
/// prefix, source CIDR, header value), each choosing a cluster or denying, and the request
/// matches none of them, so every rule has to be ruled out: the worst case for a rule set that
/// only matches and routes.
/// </summary>
[MemoryDiagnoser]
public class RuleEvaluationBenchmarks
{
    private CompiledRules _rules = null!;
    private RuleSession _session = null!;
    private DefaultHttpContext _context = null!;

    [Params(10, 100, 1_000, 10_000)]
    public int Rules { get; set; }

    /// <summary>Whether the request matches the last rule (a use-backend) instead of none.</summary>
    [Params(false, true)]
    public bool MatchLast { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var text = Generate(Rules);
        var result = RuleCompiler.Compile(text, new RuleScope(RuleScopeKind.Listener, "web"), new RuleCompileContext([], ["api", "web", "static"]));
        _rules = result.Rules ?? throw new InvalidOperationException(string.Join("\n", result.Diagnostics));

        _context = new DefaultHttpContext();
        _context.Request.Method = "GET";
        _context.Request.Path = "/api/orders/17";
        _context.Request.QueryString = new QueryString("?page=2");
        _context.Request.Headers.Host = MatchLast ? LastHost(Rules) : "www.example.com";
        _context.Request.Headers["X-Tenant"] = "tenant-none";
        _context.Request.Headers.UserAgent = "bench/1.0";
        _context.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.10");
        _context.Connection.LocalIpAddress = IPAddress.Loopback;
        _session = new RuleSession(new HttpRuleExchange(_context));
    }

    [Benchmark]
    public RuleOutcome Evaluate() => _rules.Run(RulePhase.HttpRequest, _session);

    /// <summary>As the gateway does per request: a new session and exchange, then evaluation.</summary>
    [Benchmark]
    public RuleOutcome EvaluateWithNewSession() => _rules.Run(RulePhase.HttpRequest, new RuleSession(new HttpRuleExchange(_context)));

    /// <summary>The rule set: kinds in turn, so the index has to handle four samples at once.</summary>
    internal static string Generate(int count)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var line = (i % 4) switch
            {
                0 => $"http-request use-backend api if {{ hdr(host) -i host-{i}.example.com }}",
                1 => $"http-request deny if {{ path_beg /blocked/{i}/ }}",
                2 => $"http-request deny if {{ src 10.{i / 256 % 256}.{i % 256}.0/24 }}",
                _ => $"http-request use-backend static if {{ hdr(x-tenant) tenant-{i} }}",
            };
            text.Append(line).Append('\n');
        }

        return text.ToString();
    }

    private static string LastHost(int count)
    {
        var last = (count - 1) / 4 * 4;
        return string.Create(CultureInfo.InvariantCulture, $"host-{last}.example.com");
    }
}
