using Gateway.Core.Configuration;

namespace Gateway.Core.Validation;

internal static class ClusterValidator
{
    private static readonly TimeSpan MaxConnectTimeout = TimeSpan.FromMinutes(10);

    public static void Validate(IReadOnlyList<ClusterConfig> clusters, ValidationErrors errors)
    {
        for (var i = 0; i < clusters.Count; i++)
        {
            var cluster = clusters[i];
            var path = ValidationErrors.EntityPath("clusters", cluster.Id, i);

            if (!LoadBalancingNames.IsKnown(cluster.LoadBalancing))
            {
                errors.Add($"{path}.loadBalancing", $"'{cluster.LoadBalancing}' is not a load-balancing algorithm; use one of: {string.Join(", ", LoadBalancingNames.All)}.");
            }

            if (cluster.ActivityTimeout is { } timeout && timeout <= TimeSpan.Zero)
            {
                errors.Add($"{path}.activityTimeout", "The activity timeout must be longer than zero (for example 00:01:40).");
            }

            if (cluster.MaxConnectionsPerServer is <= 0)
            {
                errors.Add($"{path}.maxConnectionsPerServer", "The connection limit must be at least 1; leave it out for no limit.");
            }

            if (cluster.ConnectTimeout is { } connect && (connect <= TimeSpan.Zero || connect > MaxConnectTimeout))
            {
                errors.Add($"{path}.connectTimeout", "The connect timeout must be longer than zero and at most ten minutes (for example 00:00:05); leave it out for the default of five seconds.");
            }

            if (!Enum.IsDefined(cluster.SendProxy))
            {
                errors.Add($"{path}.sendProxy", "sendProxy must be v1 or v2; leave it out to send no PROXY header.");
            }

            var tcpServers = cluster.Servers.Count(s => TcpServerAddress.IsTcp(s.Address));
            HealthCheckValidator.Validate(cluster.HealthCheck, tcpServers > 0, $"{path}.healthCheck", errors);
            IdRules.Check(cluster.Servers, s => s.Id, $"{path}.servers", "server", errors);
            for (var j = 0; j < cluster.Servers.Count; j++)
            {
                var server = cluster.Servers[j];
                var serverPath = ValidationErrors.EntityPath($"{path}.servers", server.Id, j);
                if (TcpServerAddress.IsTcp(server.Address))
                {
                    if (!TcpServerAddress.TryParse(server.Address, out _))
                    {
                        errors.Add($"{serverPath}.address", $"'{server.Address}' is not a TCP server address: write tcp://host:port with a port from 1 to 65535 and nothing after it, e.g. tcp://10.0.0.5:5432.");
                    }
                }
                else if (!Uri.TryCreate(server.Address, UriKind.Absolute, out var uri)
                    || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                    || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
                {
                    errors.Add($"{serverPath}.address", $"'{server.Address}' is not a server address: write an absolute http or https URL without query, e.g. http://10.0.0.5:8080/.");
                }

                if (!Enum.IsDefined(server.State))
                {
                    errors.Add($"{serverPath}.state", "The state must be ready, drain or maintenance.");
                }

                if (server.Weight is < 0 or > ServerConfig.MaxWeight)
                {
                    errors.Add($"{serverPath}.weight", $"The weight must be from 0 to {ServerConfig.MaxWeight}; found {server.Weight}. Weight 0 sends the server no new traffic.");
                }
            }

            if (tcpServers > 0 && tcpServers < cluster.Servers.Count)
            {
                errors.Add($"{path}.servers", "A cluster's servers are either all tcp:// (for TCP listeners) or all http(s):// (for routes); split them into two clusters.");
            }
        }
    }
}
