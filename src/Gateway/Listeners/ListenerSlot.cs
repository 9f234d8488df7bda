using System.Net;
using Gateway.Core.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Gateway.Model;

namespace Gateway.Listeners;

/// <summary>One listener as <see cref="ListenerBinder"/> tracks it: its plan, the revision Kestrel sees, and how binding went.</summary>
internal sealed class ListenerSlot(ListenerPlan plan, int revision)
{
    public ListenerPlan Plan { get; } = plan;

    public int Revision { get; } = revision;

    public ListenOptions? Options { get; set; }

    public ListenerState State { get; set; } = ListenerState.Binding;

    public string? Error { get; set; }

    public BoundListener ToBoundListener() => new(Plan.Id, State == ListenerState.Bound && Options is not null ? Options.EndPoint : Configured(Plan), Plan)
    {
        State = State,
        Error = Error,
    };

    private static IPEndPoint Configured(ListenerPlan plan) => new(
        plan.Address.IPAddress ?? (plan.Address.Kind == ListenerHostKind.Localhost ? IPAddress.Loopback : IPAddress.IPv6Any),
        plan.Address.Port);
}
