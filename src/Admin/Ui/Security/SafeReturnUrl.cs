using Microsoft.AspNetCore.Components;

namespace Gateway.Admin.Ui.Security;

/// <summary>Turns a <c>ReturnUrl</c> into a page of the admin site, so signing in never sends anyone elsewhere.</summary>
internal static class SafeReturnUrl
{
    /// <summary>
    /// A path relative to the admin base for <paramref name="returnUrl"/> when it is a local path under
    /// the base (as the sign-in redirect gives it: <c>/clusters?x=1</c>); the overview ("") otherwise.
    /// </summary>
    public static string Relative(string? returnUrl, NavigationManager navigation) =>
        Relative(returnUrl, new Uri(navigation.BaseUri).AbsolutePath);

    public static string Relative(string? returnUrl, string basePath)
    {
        if (string.IsNullOrEmpty(returnUrl) || !returnUrl.StartsWith('/') || returnUrl.StartsWith("//", StringComparison.Ordinal)
            || returnUrl.Contains('\\', StringComparison.Ordinal) || returnUrl.Any(char.IsControl))
        {
            return "";
        }

        var relative = returnUrl.StartsWith(basePath, StringComparison.Ordinal) ? returnUrl[basePath.Length..] : "";

        // "https:evil.example" or "javascript:…" would be read as an absolute URI, not a page under the base.
        return LooksAbsolute(relative) ? "" : relative;
    }

    private static bool LooksAbsolute(string relative)
    {
        var colon = relative.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 && relative.AsSpan(0, colon).IndexOfAny('/', '?', '#') < 0;
    }
}
