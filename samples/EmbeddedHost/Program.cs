EmbeddedHost.EmbeddedApp.Build(args).Run();
