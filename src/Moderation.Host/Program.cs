using Moderation.Host;

await using var moderation = await ModerationApp.CreateAsync(args);
await moderation.App.RunAsync();
