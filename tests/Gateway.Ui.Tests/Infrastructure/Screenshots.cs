using Microsoft.Playwright;

namespace Gateway.Ui.Tests.Infrastructure;

/// <summary>
/// Saves a full-page screenshot of each page the tests visit, as a test artifact under the test output
/// (TestResults/screenshots). With GATEWAY_UI_SCREENSHOTS set to a folder (docs/screenshots/update.sh does
/// this) they are written there as well, to refresh the ones in the documentation.
/// </summary>
public static class Screenshots
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public static async Task SaveAsync(IPage page, string name)
    {
        var file = name + ".png";
        System.IO.Directory.CreateDirectory(Directory);
        var bytes = await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Directory, file), FullPage = true });
        if (Environment.GetEnvironmentVariable("GATEWAY_UI_SCREENSHOTS") is { Length: > 0 } docs)
        {
            System.IO.Directory.CreateDirectory(docs);
            await File.WriteAllBytesAsync(Path.Combine(docs, file), bytes);
        }
    }
}
