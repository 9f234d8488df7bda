using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Gateway.Core.Rules.Matching;

namespace Gateway.Core.Tests.Rules;

/// <summary>An integer pattern as the generator chose it: N, N:M, N:, :M or an operator and N.</summary>
public sealed record IntPattern(string Kind, long N, long M)
{
    public IEnumerable<string> Words => Kind switch
    {
        "N" => [Format(N)],
        "N:M" => [$"{Format(N)}:{Format(M)}"],
        "N:" => [$"{Format(N)}:"],
        ":M" => [$":{Format(M)}"],
        _ => [Kind, Format(N)],
    };

    public bool Contains(long value) => Kind switch
    {
        "N" => value == N,
        "N:M" => N <= value && value <= M,
        "N:" => value >= N,
        ":M" => value <= M,
        "eq" => value == N,
        "ge" => value >= N,
        "gt" => value > N,
        "le" => value <= N,
        _ => value < N,
    };

    private static string Format(long n) => n.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A network as the generator wrote it, and the bits it stands for.</summary>
public sealed record IpPattern(string Text, UInt128 Bits, int Length);

/// <summary>
/// What each match method means, written plainly (loops over strings, bit arithmetic on
/// addresses, no tries or hash sets), to check the compiled matchers against.
/// </summary>
public static class ReferenceMatcher
{
    /// <summary>-i compares characters by their invariant upper case, as ordinal-ignore-case does.</summary>
    public static string Fold(string text, bool ignoreCase) =>
        ignoreCase ? string.Concat(text.Select(char.ToUpperInvariant)) : text;

    public static bool MatchesText(MatchMethod method, bool ignoreCase, IEnumerable<string> patterns, string value)
    {
        var v = Fold(value, ignoreCase);
        return patterns.Select(p => Fold(p, ignoreCase)).Any(p => method switch
        {
            MatchMethod.Str => v == p,
            MatchMethod.Beg => v.Length >= p.Length && v[..p.Length] == p,
            MatchMethod.End => v.Length >= p.Length && v[(v.Length - p.Length)..] == p,
            MatchMethod.Sub => ContainsAt(v, p),
            MatchMethod.Dir => ContainsWord(v, p, "/?"),
            MatchMethod.Dom => ContainsWord(v, p, "/?.:"),
            _ => throw new ArgumentOutOfRangeException(nameof(method)),
        });
    }

    private static bool ContainsAt(string value, string part)
    {
        for (var start = 0; start + part.Length <= value.Length; start++)
        {
            if (value.Substring(start, part.Length) == part)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>HAProxy's match_word: the pattern without leading and trailing delimiters, found between delimiters or the ends.</summary>
    private static bool ContainsWord(string value, string pattern, string delimiters)
    {
        var word = pattern.Trim(delimiters.ToCharArray());
        if (word.Length == 0)
        {
            return false;
        }

        for (var start = 0; start + word.Length <= value.Length; start++)
        {
            var end = start + word.Length;
            if (value.Substring(start, word.Length) == word &&
                (start == 0 || delimiters.Contains(value[start - 1], StringComparison.Ordinal)) &&
                (end == value.Length || delimiters.Contains(value[end], StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>HAProxy's cast: a sign and the digits after it, the rest ignored (<c>12abc</c> is 12, <c>abc</c> is 0); empty text or an overflow is no integer.</summary>
    public static bool MatchesInteger(IEnumerable<IntPattern> patterns, string value)
    {
        var text = value.Trim();
        if (text.Length == 0)
        {
            return false;
        }

        var match = System.Text.RegularExpressions.Regex.Match(text, "^[+-]?([0-9]*)");
        var digits = match.Groups[1].Value;
        long n = 0;
        if (digits.Length > 0 && !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out n))
        {
            return false;
        }

        n = text[0] == '-' ? -n : n;
        return patterns.Any(p => p.Contains(n));
    }

    public static bool MatchesLength(IEnumerable<IntPattern> patterns, string value) =>
        patterns.Any(p => p.Contains(value.Length));

    /// <summary>Every address as 128 bits, IPv4 as its mapped form (::ffff:a.b.c.d): one address, two spellings.</summary>
    public static UInt128 Bits(IPAddress address)
    {
        byte[] bytes = address.AddressFamily == AddressFamily.InterNetwork ? [.. new byte[10], 0xff, 0xff, .. address.GetAddressBytes()] : address.GetAddressBytes();
        UInt128 bits = 0;
        foreach (var b in bytes)
        {
            bits = (bits << 8) | b;
        }

        return bits;
    }

    /// <summary>Reads <c>address</c> or <c>address/length</c>; an IPv4 network becomes its mapped IPv6 form.</summary>
    public static IpPattern Network(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var address = IPAddress.Parse(slash < 0 ? text : text[..slash]);
        var offset = address.AddressFamily == AddressFamily.InterNetwork ? 96 : 0;
        var length = slash < 0 ? 128 : offset + int.Parse(text[(slash + 1)..], CultureInfo.InvariantCulture);
        return new IpPattern(text, Bits(address), length);
    }

    public static bool MatchesAddress(IEnumerable<IpPattern> patterns, IPAddress address)
    {
        var bits = Bits(address);
        return patterns.Any(p => p.Length == 0 || (bits >> (128 - p.Length)) == (p.Bits >> (128 - p.Length)));
    }

    /// <summary>The values an ACL tests: hdr() splits at commas and trims spaces and tabs; other fetches give the value whole.</summary>
    public static IEnumerable<string> ListValues(IEnumerable<string> lines) =>
        lines.SelectMany(line => line.Split(',')).Select(v => v.Trim(' ', '\t'));
}
