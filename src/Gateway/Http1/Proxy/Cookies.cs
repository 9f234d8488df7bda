using Gateway.Http1.Parsing;

namespace Gateway.Http1.Proxy;

/// <summary>Reads one cookie from the Cookie header lines, as ASP.NET Core's request cookies would.</summary>
internal static class Cookies
{
    public static string? Find(HeaderFields headers, string name)
    {
        for (var i = 0; i < headers.Length; i++)
        {
            var (field, value) = headers[i];
            if (!field.Equals("Cookie", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var part in value.Split(';'))
            {
                var pair = part.AsSpan().Trim();
                var equals = pair.IndexOf('=');
                if (equals > 0 && pair[..equals].Trim().Equals(name, StringComparison.Ordinal))
                {
                    return pair[(equals + 1)..].Trim().Trim('"').ToString();
                }
            }
        }

        return null;
    }
}
