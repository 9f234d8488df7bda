using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Gateway.Ui.Tests.Infrastructure;

/// <summary>
/// Saves a full-page screenshot of each page the tests visit, as a test artifact under the test output
/// (TestResults/screenshots). With GATEWAY_UI_SCREENSHOTS set to a folder (docs/screenshots/update.sh does
/// this), the ones the documentation shows (<see cref="Documented"/>) are written there as well.
/// Each screenshot is noted against the admin page it shows, so a run can tell which pages none shows (<see cref="WriteIndex"/>).
/// </summary>
public static class Screenshots
{
    private static readonly ConcurrentDictionary<string, ConcurrentBag<string>> ByPage = new(StringComparer.Ordinal);

    /// <summary>The pages README shows; the rest stay test artifacts, to keep the repository small.</summary>
    public static IReadOnlySet<string> Documented { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "signin", "overview", "overview-narrow-menu", "cluster-edit", "route-new", "cluster-errors", "route-delete", "cluster-as-viewer", "tokens", "users",
        "rules", "rules-problem", "pending", "pending-conflict", "history", "history-rewind", "certificates", "certificate-edit",
        "user-role-confirm", "clusters-narrow",
    };

    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    /// <summary>The folder documentation screenshots are copied to, when a run is refreshing them.</summary>
    public static string? DocsDirectory => Environment.GetEnvironmentVariable("GATEWAY_UI_SCREENSHOTS") is { Length: > 0 } docs ? docs : null;

    public static async Task SaveAsync(IPage page, string name)
    {
        var file = name + ".png";
        System.IO.Directory.CreateDirectory(Directory);
        var bytes = await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Directory, file), FullPage = true });
        if (AdminPages.Match(new Uri(page.Url).AbsolutePath) is { } template)
        {
            ByPage.GetOrAdd(template, _ => []).Add(name);
        }

        if (Documented.Contains(name) && DocsDirectory is { } docs)
        {
            System.IO.Directory.CreateDirectory(docs);
            await File.WriteAllBytesAsync(Path.Combine(docs, file), bytes);
        }
    }

    /// <summary>
    /// Writes pages.txt beside the screenshots: a line for every admin page template, a tab, and the screenshots showing
    /// it, or "none" for a page no test showed (docs/screenshots/update.sh refuses a run that leaves one).
    /// </summary>
    public static void WriteIndex()
    {
        var lines = AdminPages.Templates.Select(t => $"{t}\t{(ByPage.TryGetValue(t, out var names) ? string.Join(", ", names.Distinct().Order(StringComparer.Ordinal)) : "none")}");
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllLines(Path.Combine(Directory, "pages.txt"), lines);
    }
}
