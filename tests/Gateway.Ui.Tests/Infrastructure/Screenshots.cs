using Microsoft.Playwright;

namespace Gateway.Ui.Tests.Infrastructure;

/// <summary>
/// Saves a full-page screenshot of each page the tests visit, as a test artifact under the test output
/// (TestResults/screenshots). With GATEWAY_UI_SCREENSHOTS set to a folder (docs/screenshots/update.sh does
/// this), the ones the documentation shows (<see cref="Documented"/>) are written there as well.
/// </summary>
public static class Screenshots
{
    /// <summary>The pages README shows; the rest stay test artifacts, to keep the repository small.</summary>
    public static IReadOnlySet<string> Documented { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "signin", "overview", "overview-narrow-menu", "cluster-edit", "route-new", "cluster-errors", "route-delete", "cluster-as-viewer", "tokens", "users",
        "rules", "rules-problem", "pending", "pending-conflict", "history", "history-rewind", "certificates", "certificate-edit",
    };

    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public static async Task SaveAsync(IPage page, string name)
    {
        var file = name + ".png";
        System.IO.Directory.CreateDirectory(Directory);
        var bytes = await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Directory, file), FullPage = true });
        if (Documented.Contains(name) && Environment.GetEnvironmentVariable("GATEWAY_UI_SCREENSHOTS") is { Length: > 0 } docs)
        {
            System.IO.Directory.CreateDirectory(docs);
            await File.WriteAllBytesAsync(Path.Combine(docs, file), bytes);
        }
    }
}
