Console.Error.WriteLine("usage: moderation <command> [options]");
return 2;
