using Microsoft.Extensions.Configuration;

namespace Gateway.Listeners;

/// <summary>Serves the <c>Endpoints</c> entries of the gateway's listeners to Kestrel's configuration loader.</summary>
internal sealed class ListenerEndpointsProvider : ConfigurationProvider
{
    /// <summary>Replaces every entry at once; readers see the old set or the new one, never a mix.</summary>
    public void Replace(IDictionary<string, string?> entries) =>
        Data = new Dictionary<string, string?>(entries, StringComparer.OrdinalIgnoreCase);
}

internal sealed class ListenerEndpointsSource(ListenerEndpointsProvider provider) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => provider;
}
