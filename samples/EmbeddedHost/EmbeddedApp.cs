namespace EmbeddedHost;

/// <summary>
/// An app that already exists (here: one JSON endpoint) and adds the gateway with two calls:
/// <c>AddGateway()</c> reads the <c>Gateway</c> section of its configuration and binds the
/// listeners found there; <c>MapGateway()</c> forwards their traffic. The app's own endpoints
/// keep answering on the app's own URLs, and never on a gateway listener.
/// </summary>
public static class EmbeddedApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);

        builder.Services.AddGateway();

        var app = builder.Build();
        app.MapGet("/hello", () => Results.Json(new { message = "Hello from the host app" }));
        app.MapGateway();
        return app;
    }
}
