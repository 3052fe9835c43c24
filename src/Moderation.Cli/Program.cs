using Moderation.Cli;

return args.FirstOrDefault() switch
{
    "keys" => await KeysCommand.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: moderation <command> [options]\n\n" + KeysCommand.Usage);
    return 2;
}
