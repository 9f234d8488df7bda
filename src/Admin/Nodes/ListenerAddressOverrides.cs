using Gateway.Core.Configuration;

namespace Gateway.Admin.Nodes;

/// <summary>A node's own listener addresses (<see cref="NodeOptions.ListenerAddresses"/>) over the shared document's, for what the node serves.</summary>
internal static class ListenerAddressOverrides
{
    public static Func<GatewayConfig, GatewayConfig> For(NodeOptions options)
    {
        var overrides = new Dictionary<string, string>(options.ListenerAddresses, StringComparer.OrdinalIgnoreCase);
        return overrides.Count == 0
            ? static document => document
            : document => document with
            {
                Listeners = [.. document.Listeners.Select(l => overrides.TryGetValue(l.Id, out var address) ? l with { Address = address } : l)],
            };
    }
}
