var app = EmbeddedHost.EmbeddedApp.Build(args);
try
{
    await app.StartAsync();
}
catch (IOException ex)
{
    // Almost always the app's own URL ("urls" in appsettings.json, or --urls) taken by another process. A gateway
    // listener whose address is taken does not stop the app: it is reported and tried again every few seconds.
    await Console.Error.WriteLineAsync($"The app could not start: {ex.Message} Choose free addresses, e.g. " +
        "--urls=http://127.0.0.1:5001 --Gateway:Listeners:edge:Address=127.0.0.1:8082 " +
        "--Gateway:Clusters:docs:Servers:learn:Address=http://127.0.0.1:5001/");
    await app.DisposeAsync();
    return 1;
}

await app.WaitForShutdownAsync();
await app.DisposeAsync();
return 0;
