using Gateway.Core.Configuration;

namespace Gateway.Admin.Ui.Forms;

/// <summary>What a state button on the cluster page posts: <c>server|state</c>, e.g. <c>s1|Drain</c>.</summary>
internal sealed class ServerStateToggle
{
    public string? Target { get; set; }

    public (string Server, ServerState State)? Parse() => ButtonTarget.Parse<ServerState>(Target);
}
