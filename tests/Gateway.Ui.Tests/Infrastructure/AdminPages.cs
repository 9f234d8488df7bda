using System.Reflection;
using Gateway.Admin.Ui;
using Microsoft.AspNetCore.Components;

namespace Gateway.Ui.Tests.Infrastructure;

/// <summary>The admin pages' route templates (<c>@page</c>), read from the admin assembly, and which one a URL path is.</summary>
public static class AdminPages
{
    public static IReadOnlyList<string> Templates { get; } = typeof(AdminPageBase).Assembly.GetTypes()
        .Where(t => typeof(IComponent).IsAssignableFrom(t))
        .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
        .Select(r => r.Template)
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>
    /// The template <paramref name="path"/> (relative to the admin base, without query) is an instance of, or null.
    /// As Blazor's router does, a literal segment wins over a parameter: <c>clusters/new</c> is <c>/clusters/new</c>.
    /// </summary>
    public static string? Match(string path)
    {
        var segments = Split(path);
        return Templates
            .Select(template => (Template: template, Parts: Split(template)))
            .Where(t => t.Parts.Length == segments.Length && t.Parts.Zip(segments).All(p => IsParameter(p.First) || p.First.Equals(p.Second, StringComparison.OrdinalIgnoreCase)))
            .OrderByDescending(t => t.Parts.Count(p => !IsParameter(p)))
            .Select(t => t.Template)
            .FirstOrDefault();
    }

    private static string[] Split(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    private static bool IsParameter(string segment) => segment.StartsWith('{');
}
