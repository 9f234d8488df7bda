using Gateway.Core.Configuration;
using Microsoft.Extensions.Configuration;

namespace Gateway.ConfigSources;

internal static partial class ConfigurationSectionReader
{
    /// <summary>
    /// <c>"HealthCheck": { "Path": "/health", "Interval": 5, "Timeout": 2, "Rise": 2, "Fall": 3 }</c>; HTTP clusters need
    /// Path, clusters of tcp:// servers leave it out (a connect check) and name at least one other key, as an empty section does not exist.
    /// </summary>
    private static HealthCheckConfig? ReadHealthCheck(IConfigurationSection s, string path, SectionReader reader)
    {
        if (!s.Exists())
        {
            return null;
        }

        if (s.Value is not null)
        {
            return reader.Fail<HealthCheckConfig?>(path, "A health check is an object, e.g. \"HealthCheck\": { \"Path\": \"/health\" }.", null);
        }

        reader.CheckKeys(s, path, ["Path", "Interval", "Timeout", "Rise", "Fall"]);
        return new HealthCheckConfig
        {
            Path = s["Path"],
            Interval = reader.ReadTimeSpan(s, "Interval", $"{path}.interval") ?? HealthCheckConfig.DefaultInterval,
            Timeout = reader.ReadTimeSpan(s, "Timeout", $"{path}.timeout") ?? HealthCheckConfig.DefaultTimeout,
            Rise = reader.ReadInt(s, "Rise", $"{path}.rise") ?? HealthCheckConfig.DefaultRise,
            Fall = reader.ReadInt(s, "Fall", $"{path}.fall") ?? HealthCheckConfig.DefaultFall,
        };
    }
}
