namespace Gateway.Http1.Routing;

/// <summary>
/// A route's path template as ASP.NET Core routing matches it, for the forms the HTTP/1.1 core decides alone: literal
/// segments (case-insensitive), <c>{name}</c> (one non-empty segment), and a final <c>{**name}</c> or <c>{*name}</c>
/// (the rest, possibly empty). A trailing slash on the request path is ignored, as routing ignores it. Anything else
/// (constraints, optional or default values, complex segments) makes <see cref="TryParse"/> return null, and listeners whose
/// routes use it stay on the Kestrel path, where routing decides.
/// </summary>
internal sealed class RoutePathPattern
{
    private readonly Segment[] _segments;
    private readonly bool _catchAll;

    private RoutePathPattern(Segment[] segments, bool catchAll, decimal precedence)
    {
        _segments = segments;
        _catchAll = catchAll;
        Precedence = precedence;
    }

    /// <summary>
    /// Routing's inbound precedence, smaller first, as ASP.NET Core computes it: one digit per segment (literal 1,
    /// parameter 3, catch-all 5) in successive decimal places, so segments compare left to right whatever the template's
    /// length (<c>/broken/{**rest}</c> is 1.5, before <c>/{**catch-all}</c>'s 5).
    /// </summary>
    public decimal Precedence { get; }

    public static RoutePathPattern? TryParse(string? template)
    {
        if (template is null)
        {
            return new RoutePathPattern([], catchAll: true, precedence: 5);
        }

        var text = template.Trim('/');
        if (text.Length == 0)
        {
            return new RoutePathPattern([], catchAll: false, precedence: 0);
        }

        var parts = text.Split('/');
        var segments = new List<Segment>(parts.Length);
        var catchAll = false;
        var precedence = 0m;
        var place = 1m;
        for (var i = 0; i < parts.Length; i++, place /= 10)
        {
            var part = parts[i];
            if (part.Length == 0 || catchAll)
            {
                return null;
            }

            if (part.StartsWith('{'))
            {
                if (!part.EndsWith('}') || part.IndexOfAny([':', '?', '=', '}'], 1) != part.Length - 1 || part.IndexOf('{', 1) >= 0)
                {
                    return null;
                }

                if (part.StartsWith("{*", StringComparison.Ordinal))
                {
                    if (i != parts.Length - 1)
                    {
                        return null;
                    }

                    catchAll = true;
                    precedence += 5 * place;
                    continue;
                }

                segments.Add(new Segment(null));
                precedence += 3 * place;
                continue;
            }

            if (part.IndexOfAny(['{', '}']) >= 0)
            {
                return null;
            }

            segments.Add(new Segment(part));
            precedence += place;
        }

        return new RoutePathPattern([.. segments], catchAll, precedence);
    }

    public bool Matches(string path)
    {
        var span = path.AsSpan();
        if (span.Length > 1 && span[^1] == '/')
        {
            span = span[..^1];
        }

        span = span.TrimStart('/');
        foreach (var segment in _segments)
        {
            if (span.IsEmpty)
            {
                return false;
            }

            var slash = span.IndexOf('/');
            var value = slash < 0 ? span : span[..slash];
            if (value.IsEmpty || (segment.Literal is { } literal && !value.Equals(literal, StringComparison.OrdinalIgnoreCase)))
            {
                return false;
            }

            span = slash < 0 ? [] : span[(slash + 1)..];
        }

        return _catchAll || span.IsEmpty;
    }

    private readonly record struct Segment(string? Literal);
}
