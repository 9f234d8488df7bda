using Gateway.Core.Rules.Primitives;


namespace Gateway.Core.Rules.Matching;

/// <summary><c>ip</c>: addresses and CIDR networks, IPv4 and IPv6.</summary>
internal sealed class IpMatcher(CidrTable table) : SampleMatcher
{
    public override bool Match(in Sample sample) => sample.TryGetAddress(out var address) && table.MatchesAny(address!);

    /// <exception cref="RuleCompileException">A pattern is not an address or network.</exception>
    public static List<(System.Net.IPNetwork, int)> ParseNetworks(IReadOnlyList<string> patterns, int tag = 0)
    {
        var networks = new List<(System.Net.IPNetwork, int)>(patterns.Count);
        foreach (var pattern in patterns)
        {
            if (!CidrTable.TryParseNetwork(pattern, out var network))
            {
                throw new RuleCompileException($"'{pattern}' is not an IP address or network; write e.g. 10.0.0.0/8, 192.168.1.7 or 2001:db8::/32.", found: pattern, expected: "an IP address or network");
            }

            networks.Add((network, tag));
        }

        return networks;
    }
}
