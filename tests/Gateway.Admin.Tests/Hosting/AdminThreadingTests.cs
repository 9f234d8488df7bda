using System.Net;
using Gateway.Admin.Hosting;
using Gateway.Admin.Threading;
using Gateway.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Admin.Tests.Hosting;

/// <summary>
/// Admin requests run their code on the thread pool under <see cref="ThreadPoolContext"/>, before and after awaiting
/// network I/O: with inline socket completions (on by default) the code after such an await would otherwise run on the
/// socket engine's thread, where the admin side's blocking calls stall or deadlock the proxy's connections.
/// </summary>
public class AdminThreadingTests
{
    private const string ProbePath = "/threading-probe";

    [Fact]
    public async Task AnAdminRequest_RunsUnderTheThreadPoolContext_BeforeAndAfterAwaitingItsBody()
    {
        using var root = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(root.Path, "appsettings.json"), """
            { "Logging": { "LogLevel": { "Default": "Warning" } }, "Gateway": { "Admin": { "Url": "http://127.0.0.1:0" } } }
            """);
        await using var app = await StandaloneHost.StartAsync([], root.Path, builder => builder.Services.AddTransient<IStartupFilter, ProbeStartupFilter>());
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });

        using var response = await client.PostAsync(new Uri(new Uri(app.Services.GetRequiredService<AdminEndpoint>().BoundUrl), ProbePath), new StringContent(new string('x', 100_000)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("before: ThreadPoolContext on the pool; after reading 100000 bytes: ThreadPoolContext on the pool", await response.Content.ReadAsStringAsync());
    }

    /// <summary>An endpoint of the host's own, behind the admin's request pipeline, that says where its code runs.</summary>
    private sealed class ProbeStartupFilter : IStartupFilter
    {
        // Registered after the admin's filter, so it runs inside the admin's request pipeline, ahead of the host's endpoints.
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                if (context.Request.Path != ProbePath)
                {
                    await nextMiddleware(context);
                    return;
                }

                var before = Where();
                using var reader = new StreamReader(context.Request.Body);
                var body = await reader.ReadToEndAsync(context.RequestAborted);
                await context.Response.WriteAsync($"before: {before}; after reading {body.Length} bytes: {Where()}", context.RequestAborted);
            });
            next(app);
        };

        private static string Where() =>
            $"{SynchronizationContext.Current?.GetType().Name ?? "no context"} {(Thread.CurrentThread.IsThreadPoolThread ? "on the pool" : "off the pool")}";
    }
}
