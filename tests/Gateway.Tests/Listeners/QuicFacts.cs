using Gateway.Listeners;

namespace Gateway.Tests.Listeners;

/// <summary>A test that needs QUIC; reported as skipped, with the reason, where libmsquic is missing. (xunit 2 decides skips at discovery.)</summary>
public sealed class QuicFactAttribute : FactAttribute
{
    public QuicFactAttribute()
    {
        if (!QuicSupport.IsAvailable)
        {
            Skip = "QUIC is not available on this machine (libmsquic is not installed), so HTTP/3 cannot be served here.";
        }
    }
}

/// <summary>A test of what happens without QUIC; reported as skipped where QUIC is available.</summary>
public sealed class WithoutQuicFactAttribute : FactAttribute
{
    public WithoutQuicFactAttribute()
    {
        if (QuicSupport.IsAvailable)
        {
            Skip = "QUIC is available on this machine, so the missing-libmsquic path cannot be shown here.";
        }
    }
}
