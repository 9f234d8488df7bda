using Gateway.Core.Configuration;

namespace Gateway.Core.Validation;

internal static class RouteValidator
{
    public static void Validate(IReadOnlyList<RouteConfig> routes, HashSet<string> listenerIds, HashSet<string> clusterIds, ValidationErrors errors)
    {
        for (var i = 0; i < routes.Count; i++)
        {
            var route = routes[i];
            var path = ValidationErrors.EntityPath("routes", route.Id, i);

            if (string.IsNullOrWhiteSpace(route.Cluster))
            {
                errors.Add($"{path}.cluster", "A route needs a cluster to send requests to.");
            }
            else if (!clusterIds.Contains(route.Cluster))
            {
                errors.Add($"{path}.cluster", $"Cluster '{route.Cluster}' does not exist; {Choices("cluster", clusterIds)}.");
            }

            for (var j = 0; j < route.Listeners.Count; j++)
            {
                var listener = route.Listeners[j];
                if (!listenerIds.Contains(listener))
                {
                    errors.Add($"{path}.listeners[{j}]", $"Listener '{listener}' does not exist; {Choices("listener", listenerIds)}.");
                }
            }

            if (route.Path is null && route.Hosts.Count == 0)
            {
                errors.Add($"{path}.path", "A route must match a path or hosts; use the path '/{**catch-all}' to match every request.");
            }

            if (route.Path is not null)
            {
                ValidatePathTemplate(route.Path, $"{path}.path", errors);
            }

            for (var j = 0; j < route.Hosts.Count; j++)
            {
                ValidateHost(route.Hosts[j], $"{path}.hosts[{j}]", errors);
            }

            for (var j = 0; j < route.Methods.Count; j++)
            {
                if (!IsToken(route.Methods[j]))
                {
                    errors.Add($"{path}.methods[{j}]", $"'{route.Methods[j]}' is not an HTTP method name (letters such as GET, POST).");
                }
            }

            ForwardingSettingsValidator.ValidateConcurrency(route.Concurrency, $"{path}.concurrency", errors);
        }
    }

    private static void ValidatePathTemplate(string template, string path, ValidationErrors errors)
    {
        if (!template.StartsWith('/'))
        {
            errors.Add(path, $"The path '{template}' must start with '/'.");
            return;
        }

        var depth = 0;
        foreach (var c in template)
        {
            depth += c switch { '{' => 1, '}' => -1, _ => 0 };
            if (depth is < 0 or > 1)
            {
                break;
            }
        }

        if (depth != 0)
        {
            errors.Add(path, $"The path '{template}' has unbalanced braces; parameters look like '{{id}}' or '{{**rest}}'.");
        }
    }

    private static void ValidateHost(string host, string path, ValidationErrors errors)
    {
        var name = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host;
        var colon = name.LastIndexOf(':');
        if (colon >= 0)
        {
            if (!int.TryParse(name.AsSpan(colon + 1), out var port) || port is < 1 or > 65535)
            {
                errors.Add(path, $"'{host}' has an invalid port; write host or host:port.");
                return;
            }

            name = name[..colon];
        }

        if (name.Length == 0 || Uri.CheckHostName(name) == UriHostNameType.Unknown)
        {
            errors.Add(path, $"'{host}' is not a host name; write example.com, *.example.com or example.com:8080.");
        }
    }

    private static bool IsToken(string value) => value.Length > 0 && value.All(char.IsAsciiLetter);

    internal static string Choices(string noun, HashSet<string> ids) =>
        ids.Count == 0
            ? $"no {noun}s are defined yet, so create it first"
            : $"create it or name one of: {string.Join(", ", ids.Order(StringComparer.OrdinalIgnoreCase).Select(id => $"'{id}'"))}";
}
