using System.Text.Json;
using Gateway.Tests.Common;

namespace Gateway.Tests.AccessLog;

/// <summary>The access log's JSON lines, once the background writer has written enough of them.</summary>
internal static class AccessLines
{
    public static async Task<List<JsonElement>> ReadAsync(string path, int count)
    {
        List<JsonElement> lines = [];
        await Eventually.TrueAsync(() =>
        {
            if (!File.Exists(path))
            {
                return false;
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            lines = [.. reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
            return lines.Count >= count;
        }, $"{count} access-log lines in {path}");
        return lines;
    }
}
