namespace Gateway.Model;

/// <summary>Reads the snapshot in force. Lock-free; read it once per unit of work and keep that reference.</summary>
public interface IGatewaySnapshotAccessor
{
    GatewaySnapshot Current { get; }
}
