using System.Globalization;
using Gateway.Core.Configuration;
using Microsoft.Extensions.Configuration;

namespace Gateway.ConfigSources;

internal static partial class ConfigurationSectionReader
{
    /// <summary>
    /// <c>"Retry": { "Count": 3, "Redispatch": true, "OnStatuses": [ 502, 503 ], "NonIdempotent": false, "BufferLimit": 65536, "Deadline": 30 }</c>;
    /// keys left out take their defaults. OnStatuses may also be one comma-separated string (<c>"502,503"</c>).
    /// </summary>
    private static RetryConfig ReadRetry(IConfigurationSection s, string path, SectionReader reader)
    {
        if (!s.Exists())
        {
            return RetryConfig.Default;
        }

        if (s.Value is not null)
        {
            return reader.Fail(path, "Retry is an object, e.g. \"Retry\": { \"Count\": 3 }.", RetryConfig.Default);
        }

        reader.CheckKeys(s, path, ["Count", "Redispatch", "OnStatuses", "NonIdempotent", "BufferLimit", "Deadline"]);
        return new RetryConfig
        {
            Count = reader.ReadInt(s, "Count", $"{path}.count") ?? RetryConfig.DefaultCount,
            Redispatch = reader.ReadBool(s, "Redispatch", $"{path}.redispatch") ?? true,
            OnStatuses = ReadStatuses(s.GetSection("OnStatuses"), $"{path}.onStatuses", reader),
            NonIdempotent = reader.ReadBool(s, "NonIdempotent", $"{path}.nonIdempotent") ?? false,
            BufferLimit = reader.ReadInt(s, "BufferLimit", $"{path}.bufferLimit") ?? RetryConfig.DefaultBufferLimit,
            Deadline = reader.ReadTimeSpan(s, "Deadline", $"{path}.deadline"),
        };
    }

    private static int[] ReadStatuses(IConfigurationSection s, string path, SectionReader reader)
    {
        var texts = SectionReader.ReadList(s);
        var statuses = new List<int>(texts.Length);
        for (var i = 0; i < texts.Length; i++)
        {
            if (int.TryParse(texts[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var status))
            {
                statuses.Add(status);
            }
            else
            {
                reader.Fail($"{path}[{i}]", $"'{texts[i]}' is not an HTTP status; write numbers such as 503.", 0);
            }
        }

        return [.. statuses];
    }

    /// <summary>
    /// <c>"PassiveHealth": { "Enabled": true, "ConsecutiveFailures": 3, "CountServerErrors": false, "EjectionTime": 10, "MaxEjectionTime": "00:05:00" }</c>;
    /// keys left out take their defaults.
    /// </summary>
    private static PassiveHealthConfig ReadPassiveHealth(IConfigurationSection s, string path, SectionReader reader)
    {
        if (!s.Exists())
        {
            return PassiveHealthConfig.Default;
        }

        if (s.Value is not null)
        {
            return reader.Fail(path, "PassiveHealth is an object, e.g. \"PassiveHealth\": { \"ConsecutiveFailures\": 5 }.", PassiveHealthConfig.Default);
        }

        reader.CheckKeys(s, path, ["Enabled", "ConsecutiveFailures", "CountServerErrors", "EjectionTime", "MaxEjectionTime"]);
        return new PassiveHealthConfig
        {
            Enabled = reader.ReadBool(s, "Enabled", $"{path}.enabled") ?? true,
            ConsecutiveFailures = reader.ReadInt(s, "ConsecutiveFailures", $"{path}.consecutiveFailures") ?? PassiveHealthConfig.DefaultConsecutiveFailures,
            CountServerErrors = reader.ReadBool(s, "CountServerErrors", $"{path}.countServerErrors") ?? false,
            EjectionTime = reader.ReadTimeSpan(s, "EjectionTime", $"{path}.ejectionTime") ?? PassiveHealthConfig.DefaultEjectionTime,
            MaxEjectionTime = reader.ReadTimeSpan(s, "MaxEjectionTime", $"{path}.maxEjectionTime") ?? PassiveHealthConfig.DefaultMaxEjectionTime,
        };
    }
}
