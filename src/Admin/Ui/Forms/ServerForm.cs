using Gateway.Core.Configuration;

namespace Gateway.Admin.Ui.Forms;

/// <summary>
/// One server's inputs. To add a field: a property here, a line in <see cref="From"/> and
/// in <see cref="ToConfig"/>, its validator name in <see cref="Fields"/>, and an input in ServerEdit.razor.
/// Fields the form does not know are kept from the server being edited.
/// </summary>
internal sealed class ServerForm
{
    public static IReadOnlyList<string> Fields { get; } = ["id", "address", "state", "weight", "backup", "maxConnections"];

    public string? Id { get; set; }

    public string? Address { get; set; }

    public ServerState State { get; set; } = ServerState.Ready;

    public string? Weight { get; set; }

    public bool Backup { get; set; }

    public string? MaxConnections { get; set; }

    public static ServerForm From(ServerConfig server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return new() { Id = server.Id, Address = server.Address, State = server.State, Weight = FormValues.Text(server.Weight), Backup = server.Backup, MaxConnections = FormValues.Text(server.MaxConnections) };
    }

    public ServerConfig? ToConfig(ServerConfig? existing, FormErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var weight = FormValues.Integer(Weight, "weight", $"a share of traffic from 0 to {ServerConfig.MaxWeight}; leave it empty for {ServerConfig.DefaultWeight}", errors);
        var maxConnections = FormValues.Integer(MaxConnections, "maxConnections", "at least 1; leave it empty for no limit", errors);
        if (errors.Any)
        {
            return null;
        }

        return (existing ?? new ServerConfig { Id = "", Address = "" }) with
        {
            Id = existing?.Id ?? Id?.Trim() ?? "",
            Address = Address?.Trim() ?? "",
            State = State,
            Weight = weight ?? ServerConfig.DefaultWeight,
            Backup = Backup,
            MaxConnections = maxConnections,
        };
    }

    /// <summary>The cluster with <paramref name="server"/> added, or in place of the server with its id.</summary>
    public static ClusterConfig WithServer(ClusterConfig cluster, ServerConfig server)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(server);
        var index = IndexOf(cluster, server.Id);
        return cluster with { Servers = index < 0 ? [.. cluster.Servers, server] : [.. cluster.Servers.Select((s, i) => i == index ? server : s)] };
    }

    public static ClusterConfig WithoutServer(ClusterConfig cluster, string id)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return cluster with { Servers = [.. cluster.Servers.Where(s => !s.Id.Equals(id, StringComparison.OrdinalIgnoreCase))] };
    }

    public static int IndexOf(ClusterConfig cluster, string id)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        for (var i = 0; i < cluster.Servers.Count; i++)
        {
            if (cluster.Servers[i].Id.Equals(id, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
