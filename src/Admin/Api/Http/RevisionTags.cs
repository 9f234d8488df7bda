using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Gateway.Admin.Api.Http;

/// <summary>
/// Revisions as HTTP entity tags: every configuration response carries <c>ETag: "17"</c>, and every
/// write names the revision it is based on with <c>If-Match: "17"</c>.
/// </summary>
internal static class RevisionTags
{
    public static string Format(long revision) => $"\"{revision.ToString(CultureInfo.InvariantCulture)}\"";

    public static void Set(HttpResponse response, long revision) => response.Headers.ETag = Format(revision);

    /// <summary>
    /// Checks If-Match against the latest revision: null when it names it (the write may go ahead on
    /// <paramref name="latest"/>); otherwise the problem to answer with, 428 when it is missing and
    /// 409 when it names an older revision.
    /// </summary>
    public static IResult? CheckIfMatch(HttpRequest request, long latest)
    {
        var header = request.Headers.IfMatch;
        if (header.Count == 0)
        {
            return ApiProblems.PreconditionRequired(latest);
        }

        if (!EntityTagHeaderValue.TryParseList(header, out var tags) || tags.Count == 0)
        {
            return ApiProblems.Malformed("If-Match", $"If-Match must be a revision as a quoted entity tag, e.g. If-Match: {Format(latest)}.");
        }

        long? named = null;
        foreach (var tag in tags)
        {
            if (tag.Equals(EntityTagHeaderValue.Any) || tag.IsWeak || !TryParse(tag.Tag.Value, out var revision))
            {
                return ApiProblems.Malformed("If-Match", $"If-Match must name a revision as a strong entity tag, e.g. If-Match: {Format(latest)}; '*' and weak tags are not accepted.");
            }

            if (revision == latest)
            {
                return null;
            }

            named = Math.Max(named ?? revision, revision);
        }

        return ApiProblems.Stale(named!.Value, latest);
    }

    private static bool TryParse(string? quoted, out long revision)
    {
        revision = 0;
        return quoted is { Length: > 2 } && long.TryParse(quoted.AsSpan(1, quoted.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out revision);
    }
}
