using System.Net.Quic;

namespace Gateway.Listeners;

/// <summary>Whether this machine can serve HTTP/3: QUIC needs the native libmsquic library.</summary>
internal static class QuicSupport
{
    public static bool IsAvailable =>
        (OperatingSystem.IsLinux() || OperatingSystem.IsWindows() || OperatingSystem.IsMacOS()) && QuicListener.IsSupported;
}
