using System.Text;

namespace Gateway.LoadBalancing;

/// <summary>
/// A 64-bit hash of text that is the same in every process and on every node (string.GetHashCode
/// is randomised per process), so a key keeps its server across restarts and across gateways.
/// FNV-1a over the UTF-8 bytes, then a finaliser (MurmurHash3's fmix64) so that nearby inputs
/// spread over the whole ring. Hand-written because the BCL has no stable non-cryptographic hash
/// (System.IO.Hashing is a separate package) and these twenty lines cost less than a dependency.
/// </summary>
internal static class StableHash
{
    public static ulong Of(string text)
    {
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetMaxByteCount(text.Length) <= buffer.Length
            ? buffer[..Encoding.UTF8.GetBytes(text, buffer)]
            : Encoding.UTF8.GetBytes(text);
        return Of(bytes);
    }

    public static ulong Of(ReadOnlySpan<byte> bytes)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }

        return Mix(hash);
    }

    private static ulong Mix(ulong k)
    {
        k ^= k >> 33;
        k *= 0xff51afd7ed558ccdUL;
        k ^= k >> 33;
        k *= 0xc4ceb9fe1a85ec53UL;
        k ^= k >> 33;
        return k;
    }
}
