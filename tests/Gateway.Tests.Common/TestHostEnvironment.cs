using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Gateway.Tests.Common;

/// <summary>A host environment whose content root is a test's own folder.</summary>
public sealed class TestHostEnvironment(string contentRoot) : IHostEnvironment
{
    public string EnvironmentName { get; set; } = "Test";

    public string ApplicationName { get; set; } = "Gateway.Tests";

    public string ContentRootPath { get; set; } = contentRoot;

    public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
}
