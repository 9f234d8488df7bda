using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;

namespace Gateway.Admin.Ui;

/// <summary>
/// Checks a page's query parameters before it renders. Blazor parses <c>[SupplyParameterFromQuery]</c> values while
/// setting the page's parameters and throws on one it cannot parse (<c>/history?from=abc</c>), which would be a 500;
/// this answers 400 naming the parameter and what it should be instead.
/// </summary>
internal static class QueryParameterCheck
{
    private static readonly ConcurrentDictionary<Type, (string Name, Type Type)[]> Parameters = new();

    public static RequestDelegate Wrap(RequestDelegate page, Type component) => context =>
    {
        foreach (var (name, type) in Parameters.GetOrAdd(component, Find))
        {
            foreach (var value in context.Request.Query[name])
            {
                if (!string.IsNullOrEmpty(value) && !Parses(value, type))
                {
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    context.Response.ContentType = "text/plain; charset=utf-8";
                    return context.Response.WriteAsync($"The query parameter '{name}' must be {Expected(type)}; the link is wrong or was edited by hand.");
                }
            }
        }

        return page(context);
    };

    private static (string, Type)[] Find(Type component) =>
    [
        .. component.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Select(p => (Property: p, Attribute: p.GetCustomAttribute<SupplyParameterFromQueryAttribute>()))
            .Where(p => p.Attribute is not null)
            .Select(p => (p.Attribute!.Name ?? p.Property.Name, Nullable.GetUnderlyingType(p.Property.PropertyType) ?? p.Property.PropertyType)),
    ];

    // The same invariant parsing Blazor's own query binding does for these types; others it takes as text.
    private static bool Parses(string value, Type type) => type switch
    {
        _ when type == typeof(int) => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
        _ when type == typeof(long) => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
        _ when type == typeof(bool) => bool.TryParse(value, out _),
        _ when type == typeof(double) => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
        _ when type == typeof(Guid) => Guid.TryParse(value, out _),
        _ => true,
    };

    private static string Expected(Type type) => type == typeof(int) || type == typeof(long) ? "a whole number"
        : type == typeof(bool) ? "true or false"
        : type == typeof(double) ? "a number"
        : "a GUID";

    /// <summary>The page component a Razor component endpoint renders, if it is one.</summary>
    public static Type? ComponentOf(Microsoft.AspNetCore.Builder.EndpointBuilder endpoint) =>
        endpoint.Metadata.OfType<ComponentTypeMetadata>().FirstOrDefault()?.Type;
}
