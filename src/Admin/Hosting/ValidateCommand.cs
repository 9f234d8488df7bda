using Gateway.Admin.Store;
using Gateway.ConfigSources;
using Gateway.Core.Configuration;
using Gateway.Core.Serialization;
using Gateway.Core.Validation;
using Gateway.Management;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Admin.Hosting;

/// <summary>
/// <c>validate [file]</c>: checks a document as a commit would (the document's own checks, the gateway's route and
/// cluster checks, certificates), for CI pipelines, without touching the gateway's database and without serving anything
/// (a scratch store in a temporary folder, removed afterwards; the listeners' addresses are test-bound). The file is an
/// exported document (<c>.json</c>, or <c>.yaml</c>/<c>.yml</c>); without one, the host's Gateway section
/// (appsettings.json and its overrides) is checked. Exit code 0: valid; 2: every error printed with its path; 1: the
/// file cannot be read.
/// </summary>
internal static class ValidateCommand
{
    public const string Name = "validate";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var file = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : null;
        var settings = file is null ? args : args[1..];

        // The host is built (never started) for the gateway's own checks; its data folder goes to a scratch directory,
        // so validating creates nothing next to the real database. Building it seeds that scratch store and checks its
        // listeners' addresses, which the host logs ("Committed revision 1", and "could not bind" while the real gateway
        // runs): none of that is about the document, so the command's output is its verdict alone.
        var scratch = Directory.CreateTempSubdirectory("gateway-validate-");
        try
        {
            await using var app = StandaloneHost.Build(
                [.. settings, $"--{DatabaseOptions.Section}:Path={Path.Combine(scratch.FullName, "gateway.db")}"],
                configure: builder => builder.Logging.ClearProviders());
            GatewayConfig? document;
            IReadOnlyList<ValidationError> errors;
            string what;
            if (file is not null)
            {
                string text;
                try
                {
                    text = await File.ReadAllTextAsync(file);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    await error.WriteLineAsync($"{file}: cannot be read: {ex.Message}");
                    return 1;
                }

                var yaml = file.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);
                _ = yaml ? CanonicalYaml.TryParse(text, out document, out errors) : CanonicalJson.TryParse(text, out document, out errors);
                what = file;
            }
            else
            {
                var loaded = new ConfigurationConfigSource(app.Configuration.GetSection("Gateway"), app.Environment.ContentRootPath).Load();
                (document, errors) = (loaded.Config, loaded.Errors);
                what = "the Gateway section of the host's configuration";
            }

            if (document is not null)
            {
                var built = await app.Services.GetRequiredService<IGatewaySnapshotPublisher>().BuildAsync(document, "validate");
                errors = built.Errors;
            }

            if (errors.Count == 0)
            {
                await output.WriteLineAsync($"{what} is valid: {document!.Listeners.Count} listeners, {document.Routes.Count} routes, {document.Clusters.Count} clusters.");
                return 0;
            }

            await error.WriteLineAsync($"{what} has {errors.Count} {(errors.Count == 1 ? "error" : "errors")}:");
            foreach (var problem in errors)
            {
                var at = problem.Line is { } line ? $" (line {line}, column {problem.Column ?? 1})" : "";
                await error.WriteLineAsync($"  {(problem.Path.Length == 0 ? "$" : problem.Path)}{at}: {problem.Message}");
            }

            return 2;
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }
}
