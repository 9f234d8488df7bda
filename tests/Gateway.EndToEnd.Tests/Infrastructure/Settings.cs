using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gateway.EndToEnd.Tests.Infrastructure;

/// <summary>Writes appsettings.json documents for the standalone host, the way a user would edit one.</summary>
public static class Settings
{
    public static string Json(string? backendUrl = null, string routePath = "/{**catch-all}", string listenerAddress = "127.0.0.1:0")
    {
        var gateway = new JsonObject
        {
            ["Admin"] = new JsonObject { ["Url"] = "http://127.0.0.1:0" },
            ["Listeners"] = new JsonObject { ["web"] = new JsonObject { ["Address"] = listenerAddress } },
        };
        if (backendUrl is not null)
        {
            gateway["Routes"] = new JsonObject { ["all"] = new JsonObject { ["Path"] = routePath, ["Cluster"] = "backend" } };
            gateway["Clusters"] = new JsonObject
            {
                ["backend"] = new JsonObject { ["Servers"] = new JsonObject { ["s1"] = new JsonObject { ["Address"] = backendUrl } } },
            };
        }

        var root = new JsonObject
        {
            ["Logging"] = new JsonObject { ["LogLevel"] = new JsonObject { ["Default"] = "Information", ["Microsoft.AspNetCore"] = "Warning" } },
            ["Gateway"] = gateway,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
