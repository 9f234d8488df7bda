using Gateway.Admin.Hosting;

return await StandaloneHost.RunAsync(args, Console.Out, Console.Error);
